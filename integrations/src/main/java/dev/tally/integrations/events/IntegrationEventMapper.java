package dev.tally.integrations.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.integrations.IntegrationEventType;
import dev.tally.kernel.funds.PayoutAddressChanged;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.Base62;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.invoice.InvoicePaymentWithdrawn;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentStuck;
import dev.tally.kernel.payment.PaymentFinalized;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.payment.PaymentStatus;
import dev.tally.kernel.payout.PayoutBroadcast;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.payout.PayoutStatus;
import dev.tally.kernel.refund.RefundEvent;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundView;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Domain events → public integration events (docs/integrations.md, "Integration events"). A plain function of the
 * domain event and the state of its invoice before it: it updates that state and returns the public events the
 * domain event gives (zero, one or two), each with its exact body.
 * <p>
 * Everything is derived from stored facts only — the domain event's identifier and timestamp and the payloads —
 * so a replay or a retried batch yields the same ids and the same bytes.
 * <ul>
 *   <li>InvoiceCreated → {@code invoice.created}</li>
 *   <li>InvoicePaymentDetected → {@code invoice.payment_detected} (also for a payment after expiry: then
 *       {@code payment.late} is true and the invoice stays EXPIRED)</li>
 *   <li>PaymentIncludedInBlock → {@code invoice.confirming} (the payment is in a block; its confirmations and the
 *       required count). A transfer first seen in a block is often in a block before the invoice registered it
 *       (the saga registers it after PaymentDetected); then {@code invoice.confirming} is made right after
 *       {@code invoice.payment_detected}, from InvoicePaymentDetected, so that it never comes first — also when
 *       the payment is confirmed by then (one required confirmation), unless it failed or was orphaned</li>
 *   <li>InvoicePaymentConfirmed → {@code invoice.underpaid} when the invoice is then UNDERPAID,
 *       {@code invoice.paid_late} when PAID_LATE, {@code invoice.expired} when it moved to EXPIRED (an underpayment
 *       confirmed after expiry: the aggregate publishes no InvoiceExpired then); nothing for CONFIRMING, PAID and
 *       OVERPAID (InvoicePaid follows)</li>
 *   <li>InvoicePaymentWithdrawn → {@code invoice.underpaid} / {@code invoice.expired} / {@code invoice.paid_late}
 *       when the withdrawal moved the invoice into that status; otherwise nothing (the payment's own
 *       {@code payment.failed} / {@code payment.orphaned} tells what happened)</li>
 *   <li>InvoicePaid → {@code invoice.paid}, then {@code invoice.overpaid} when the excess is not zero</li>
 *   <li>InvoiceExpired, InvoiceCancelled, InvoiceSettled → {@code invoice.expired}, {@code invoice.cancelled},
 *       {@code invoice.settled}</li>
 *   <li>SettlementCompleted → {@code settlement.completed}</li>
 *   <li>PaymentFailed, PaymentOrphaned → {@code payment.failed}, {@code payment.orphaned}</li>
 *   <li>InvoicePaymentReversed → {@code payment.reversed}: a reorg took a confirmed payment away before finality;
 *       the invoice (in the body) is back where its remaining payments put it, and its settlement, if it had one,
 *       is reversed</li>
 *   <li>PaymentFinalized → no event; it completes the state ({@code status} FINALIZED)</li>
 *   <li>PaymentStuck → {@code payment.stuck}: the payment has been neither confirmed nor failed for longer than it
 *       should (a node or watcher problem, a transaction that never confirms); it needs a person's look. The
 *       payment's status is unchanged</li>
 *   <li>InvoicePaymentUnapplied → {@code payment.unapplied}: confirmed money the invoice does not count (the
 *       merchant's unapplied funds; {@code unappliedReason} says why)</li>
 *   <li>PaymentDetected, PaymentConfirmed, SettlementCreated → no event; they complete the state</li>
 *   <li>PayoutCreated, PayoutBroadcast, PayoutConfirmed, PayoutFailed → {@code payout.created},
 *       {@code payout.broadcast}, {@code payout.confirmed}, {@code payout.failed}; PayoutAddressChanged →
 *       {@code payout_address.changed}: events of the merchant, of no invoice ({@link #mapMerchantEvent})</li>
 *   <li>every refund event → {@code refund.<step>} ({@code created}, {@code address_claimed}, {@code approved},
 *       {@code broadcast}, {@code confirmed}, {@code failed}, {@code cancelled}), the refund as the step left it,
 *       also by {@link #mapMerchantEvent} (a refund is its own resource; it names its invoice)</li>
 * </ul>
 */
public final class IntegrationEventMapper {
    static final String EVENT_ID_PREFIX = "evt_";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Writes a kernel view record as the API does (instants as ISO-8601 text). */
    private static final ObjectMapper VIEW_JSON = JsonMapper.builder().addModule(new JavaTimeModule())
                                                            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                                                            .build();

    /** The public events of one domain event and the invoice's state after it (null while there is no invoice). */
    public record Result(InvoiceState state, List<IntegrationEvent> events) {
        public Result {
            events = List.copyOf(events);
        }

        static Result nothing(InvoiceState state) {
            return new Result(state, List.of());
        }
    }

    /** The invoice whose state {@code payload} changes; empty for events the mapper does not read. */
    public static Optional<String> invoiceIdOf(Object payload) {
        Object id = null;
        if (payload instanceof InvoiceCreated e) {
            id = e.invoiceId();
        } else if (payload instanceof InvoicePaymentDetected e) {
            id = e.invoiceId();
        } else if (payload instanceof InvoicePaymentConfirmed e) {
            id = e.invoiceId();
        } else if (payload instanceof InvoicePaymentWithdrawn e) {
            id = e.invoiceId();
        } else if (payload instanceof InvoicePaymentUnapplied e) {
            id = e.invoiceId();
        } else if (payload instanceof InvoicePaymentReversed e) {
            id = e.invoiceId();
        } else if (payload instanceof PaymentFinalized e) {
            id = e.invoiceId();
        } else if (payload instanceof InvoicePaid e) {
            id = e.invoiceId();
        } else if (payload instanceof InvoiceExpired e) {
            id = e.invoiceId();
        } else if (payload instanceof InvoiceCancelled e) {
            id = e.invoiceId();
        } else if (payload instanceof InvoiceSettled e) {
            id = e.invoiceId();
        } else if (payload instanceof PaymentDetected e) {
            id = e.invoiceId();
        } else if (payload instanceof PaymentIncludedInBlock e) {
            id = e.invoiceId();
        } else if (payload instanceof PaymentConfirmed e) {
            id = e.invoiceId();
        } else if (payload instanceof PaymentFailed e) {
            id = e.invoiceId();
        } else if (payload instanceof PaymentOrphaned e) {
            id = e.invoiceId();
        } else if (payload instanceof PaymentStuck e) {
            id = e.invoiceId();
        } else if (payload instanceof SettlementCreated e) {
            id = e.invoiceId();
        } else if (payload instanceof SettlementCompleted e) {
            id = e.invoiceId();
        }
        return Optional.ofNullable(id).map(Object::toString);
    }

    /**
     * The stable id of the public event of type {@code type} made from the domain event {@code domainEventId}:
     * {@code evt_} and the base62 text of SHA-256(domain event id, type). Replays and retries give the same id.
     */
    public static String eventId(String domainEventId, IntegrationEventType type) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((domainEventId + "\n" + type.wireName()).getBytes(StandardCharsets.UTF_8));
            return EVENT_ID_PREFIX + Base62.encode(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /**
     * Applies {@code event} to {@code state} (the invoice's state before it, null if none yet; changed in place) and
     * returns the public events it gives with the state after it.
     */
    public Result map(SourceEvent event, InvoiceState state) {
        Object payload = event.payload();
        if (payload instanceof InvoiceCreated created) {
            return created(event, created);
        }
        if (state == null) {
            // An event of an invoice whose creation was never seen: no merchant to tell, nothing to show.
            return Result.nothing(null);
        }
        List<IntegrationEvent> out = new ArrayList<>();
        if (payload instanceof PaymentDetected e) {
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            p.chain = e.chain();
            p.txHash = e.txHash();
            p.logIndex = e.logIndex();
            p.from = e.fromAddress();
            p.to = e.toAddress();
            p.amount = e.amount().baseUnits();
            p.requiredConfirmations = e.requiredConfirmations();
            p.status = PaymentStatus.DETECTED;
            p.confirmations = 0;
            p.blockNumber = null;
            p.blockHash = null;
            p.reason = null;
            p.detectedAt = e.detectedAt();
            p.registered = false;
            p.inclusionUnannounced = false;
        } else if (payload instanceof InvoicePaymentDetected e) {
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            if (p.status == null) {
                p.status = PaymentStatus.DETECTED;
                p.amount = e.amount().baseUnits();
                p.detectedAt = e.detectedAt();
            }
            p.late = e.late();
            p.registered = true;
            state.status = e.statusAfter(state.status);
            out.add(invoiceEvent(event, IntegrationEventType.INVOICE_PAYMENT_DETECTED, state, p));
            if (p.inclusionUnannounced) {
                // it was in a block before the invoice registered it (and may be confirmed by now)
                p.inclusionUnannounced = false;
                out.add(invoiceEvent(event, IntegrationEventType.INVOICE_CONFIRMING, state, p));
            }
        } else if (payload instanceof PaymentIncludedInBlock e) {
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            p.status = PaymentStatus.CONFIRMING;
            p.confirmations = e.confirmations();
            p.blockNumber = e.blockNumber();
            p.blockHash = e.blockHash();
            p.reason = null;
            if (p.registered) {
                out.add(invoiceEvent(event, IntegrationEventType.INVOICE_CONFIRMING, state, p));
            } else {
                p.inclusionUnannounced = true;
            }
        } else if (payload instanceof PaymentConfirmed e) {
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            p.status = PaymentStatus.CONFIRMED;
            p.confirmations = e.confirmations();
            p.blockHash = e.blockHash();
            p.confirmedAt = e.confirmedAt();
        } else if (payload instanceof PaymentFailed e) {
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            p.status = PaymentStatus.FAILED;
            p.reason = e.reason();
            p.inclusionUnannounced = false;
            out.add(paymentEvent(event, IntegrationEventType.PAYMENT_FAILED, state, p));
        } else if (payload instanceof PaymentOrphaned e) {
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            p.status = PaymentStatus.ORPHANED;
            p.confirmations = 0;
            p.blockHash = e.blockHash();
            p.reason = "reorg";
            p.inclusionUnannounced = false;
            out.add(paymentEvent(event, IntegrationEventType.PAYMENT_ORPHANED, state, p));
        } else if (payload instanceof PaymentStuck e) {
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            out.add(paymentEvent(event, IntegrationEventType.PAYMENT_STUCK, state, p));
        } else if (payload instanceof InvoicePaymentConfirmed e) {
            InvoiceStatus before = state.status;
            state.status = e.statusAfter();
            state.amountPaid = e.confirmedTotal().baseUnits();
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            switch (e.statusAfter()) {
                case UNDERPAID -> out.add(invoiceEvent(event, IntegrationEventType.INVOICE_UNDERPAID, state, p));
                case PAID_LATE -> out.add(invoiceEvent(event, IntegrationEventType.INVOICE_PAID_LATE, state, p));
                case EXPIRED -> {
                    if (before != InvoiceStatus.EXPIRED) {
                        state.expiredAt = state.expiresAt;
                        out.add(invoiceEvent(event, IntegrationEventType.INVOICE_EXPIRED, state, p));
                    }
                }
                default -> {
                    // CONFIRMING: others pending; PAID / OVERPAID: InvoicePaid follows
                }
            }
        } else if (payload instanceof InvoicePaymentReversed e) {
            state.status = e.statusAfter();
            state.amountPaid = e.confirmedTotal().baseUnits();
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            p.status = PaymentStatus.REVERSED;
            p.confirmations = 0;
            p.reason = "reorg after confirmation";
            p.registered = false;
            p.unappliedReason = null;
            if (e.settlementReversed() != null && state.settlement != null
                && e.settlementReversed().value().equals(state.settlement.id)) {
                state.settlement.status = "REVERSED";
                state.settlementId = null;
                state.settledAt = null;
                state.paidAt = null;
            }
            out.add(paymentEvent(event, IntegrationEventType.PAYMENT_REVERSED, state, p));
        } else if (payload instanceof PaymentFinalized e) {
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            p.status = PaymentStatus.FINALIZED;
        } else if (payload instanceof InvoicePaymentUnapplied e) {
            state.status = e.statusAfter();
            state.amountPaid = e.confirmedTotal().baseUnits();
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            p.registered = false;
            p.unappliedReason = e.reason().name();
            out.add(paymentEvent(event, IntegrationEventType.PAYMENT_UNAPPLIED, state, p));
        } else if (payload instanceof InvoicePaymentWithdrawn e) {
            InvoiceStatus before = state.status;
            state.status = e.statusAfter();
            PaymentState p = state.paymentOrNew(e.paymentId().value());
            p.registered = false;
            if (before != e.statusAfter()) {
                switch (e.statusAfter()) {
                    case UNDERPAID -> out.add(invoiceEvent(event, IntegrationEventType.INVOICE_UNDERPAID, state, p));
                    case PAID_LATE -> out.add(invoiceEvent(event, IntegrationEventType.INVOICE_PAID_LATE, state, p));
                    case EXPIRED -> {
                        state.expiredAt = state.expiresAt;
                        out.add(invoiceEvent(event, IntegrationEventType.INVOICE_EXPIRED, state, p));
                    }
                    default -> {
                        // back to PENDING: payment.failed / payment.orphaned said it
                    }
                }
            }
        } else if (payload instanceof InvoicePaid e) {
            state.amountPaid = e.gross().baseUnits();
            state.amountOverpaid = e.overpaid().baseUnits();
            state.paidAt = e.paidAt();
            state.latePaymentAccepted = e.lateAccepted();
            out.add(invoiceEvent(event, IntegrationEventType.INVOICE_PAID, state, null));
            if (!e.overpaid().isZero()) {
                out.add(invoiceEvent(event, IntegrationEventType.INVOICE_OVERPAID, state, null));
            }
        } else if (payload instanceof InvoiceExpired e) {
            state.status = InvoiceStatus.EXPIRED;
            state.expiredAt = e.expiredAt();
            out.add(invoiceEvent(event, IntegrationEventType.INVOICE_EXPIRED, state, null));
        } else if (payload instanceof InvoiceCancelled e) {
            state.status = InvoiceStatus.CANCELLED;
            state.cancelledAt = e.cancelledAt();
            out.add(invoiceEvent(event, IntegrationEventType.INVOICE_CANCELLED, state, null));
        } else if (payload instanceof InvoiceSettled e) {
            state.status = InvoiceStatus.SETTLED;
            state.settlementId = e.settlementId().value();
            state.settledAt = e.settledAt();
            out.add(invoiceEvent(event, IntegrationEventType.INVOICE_SETTLED, state, null));
        } else if (payload instanceof SettlementCreated e) {
            SettlementState s = settlementOf(state, e.settlementId().value());
            s.status = "PENDING";
            s.gross = e.gross().baseUnits();
            s.fee = e.fee().baseUnits();
            s.net = e.net().baseUnits();
            s.feeBasisPoints = e.feeBasisPoints();
            s.createdAt = e.createdAt();
        } else if (payload instanceof SettlementCompleted e) {
            SettlementState s = settlementOf(state, e.settlementId().value());
            s.status = "COMPLETED";
            s.gross = e.gross().baseUnits();
            s.fee = e.fee().baseUnits();
            s.net = e.net().baseUnits();
            s.completedAt = e.completedAt();
            out.add(build(event, IntegrationEventType.SETTLEMENT_COMPLETED, state, settlementObject(state, s),
                          null));
        } else {
            return Result.nothing(state);
        }
        return new Result(state, out);
    }

    private Result created(SourceEvent event, InvoiceCreated e) {
        InvoiceState state = new InvoiceState();
        state.invoiceId = e.invoiceId().value();
        state.merchantId = e.merchantId().value();
        state.mode = e.mode();
        state.orderId = e.orderId();
        state.asset = e.amount().asset();
        state.amount = e.amount().baseUnits();
        state.chain = e.chain();
        state.depositAddress = e.depositAddress();
        state.requiredConfirmations = e.requiredConfirmations();
        state.feeBasisPoints = e.feeBasisPoints();
        state.description = e.description();
        state.metadata = new TreeMap<>(e.metadata());
        state.createdAt = e.createdAt();
        state.expiresAt = e.expiresAt();
        state.status = InvoiceStatus.PENDING;
        return new Result(state, List.of(invoiceEvent(event, IntegrationEventType.INVOICE_CREATED, state, null)));
    }

    private static SettlementState settlementOf(InvoiceState state, String settlementId) {
        if (state.settlement == null || !settlementId.equals(state.settlement.id)) {
            state.settlement = new SettlementState();
            state.settlement.id = settlementId;
            state.settlement.feeBasisPoints = state.feeBasisPoints;
        }
        return state.settlement;
    }

    /**
     * The public events of a merchant's event that concerns no invoice (a payout, a payout address): a plain function
     * of that event alone, which carries everything its body shows. Empty for any other event.
     */
    public static List<IntegrationEvent> mapMerchantEvent(SourceEvent event) {
        Object payload = event.payload();
        if (payload instanceof PayoutCreated e) {
            return List.of(merchantEvent(event, IntegrationEventType.PAYOUT_CREATED, e.merchantId(), e.mode(),
                    payoutObject(e.payoutId(), e.merchantId(), e.mode(), e.status(), e.chain(), e.amount(),
                                 e.destination(), null, null, null, e.requestedAt(), e.trigger(), null,
                                 e.networkFeeCharged())));
        }
        if (payload instanceof PayoutBroadcast e) {
            return List.of(merchantEvent(event, IntegrationEventType.PAYOUT_BROADCAST, e.merchantId(), e.mode(),
                    payoutObject(e.payoutId(), e.merchantId(), e.mode(), e.status(), e.chain(), e.amount(),
                                 e.destination(), e.txHash(), null, null, e.at(), e.trigger(), null,
                                 e.networkFeeCharged())));
        }
        if (payload instanceof PayoutConfirmed e) {
            return List.of(merchantEvent(event, IntegrationEventType.PAYOUT_CONFIRMED, e.merchantId(), e.mode(),
                    payoutObject(e.payoutId(), e.merchantId(), e.mode(), e.status(), e.chain(), e.amount(),
                                 e.destination(), e.txHash(), e.blockNumber(), null, e.at(), e.trigger(),
                                 e.networkFee(), e.networkFeeCharged())));
        }
        if (payload instanceof PayoutFailed e) {
            return List.of(merchantEvent(event, IntegrationEventType.PAYOUT_FAILED, e.merchantId(), e.mode(),
                    payoutObject(e.payoutId(), e.merchantId(), e.mode(), e.status(), e.chain(), e.amount(),
                                 e.destination(), e.txHash(), null, e.reason(), e.at(), e.trigger(),
                                 e.networkFee(), e.networkFeeCharged())));
        }
        if (payload instanceof PayoutAddressChanged e) {
            ObjectNode o = JSON.createObjectNode();
            o.put("object", "payout_address");
            o.put("merchantId", e.merchantId().value());
            o.put("mode", Mode.orLive(e.mode()).code());
            o.put("chain", e.chain().code());
            o.put("address", e.address());
            o.put("previous", e.previous());
            o.put("requestedAt", instant(e.requestedAt()));
            o.put("effectiveAt", instant(e.effectiveAt()));
            return List.of(merchantEvent(event, IntegrationEventType.PAYOUT_ADDRESS_CHANGED, e.merchantId(),
                                         e.mode(), o));
        }
        if (payload instanceof RefundEvent e) {
            RefundState r = e.refund();
            IntegrationEventType type = IntegrationEventType.fromWireName("refund." + e.step()).orElseThrow();
            return List.of(merchantEvent(event, type, r.merchantId(), r.mode(), refundObject(r)));
        }
        return List.of();
    }

    /** A refund as its merchant's API shows it (claim link included: the merchant hands it to the customer). */
    private static ObjectNode refundObject(RefundState r) {
        ObjectNode o = VIEW_JSON.valueToTree(RefundView.of(r));
        o.put("object", "refund");
        o.put("merchantId", r.merchantId().value());
        o.put("mode", r.mode().code());
        return o;
    }

    private static ObjectNode payoutObject(PayoutId id, MerchantId merchantId, Mode mode, PayoutStatus status,
                                           Chain chain, TokenAmount amount, String destination, String txHash,
                                           Long blockNumber, String failureReason, Instant at,
                                           PayoutTrigger trigger, NetworkFee networkFee,
                                           TokenAmount networkFeeCharged) {
        ObjectNode o = JSON.createObjectNode();
        o.put("object", "payout");
        o.put("id", id.value());
        o.put("merchantId", merchantId.value());
        o.put("mode", Mode.orLive(mode).code());
        o.put("status", status.code());
        o.put("chain", chain.code());
        o.put("asset", amount.asset().code());
        o.put("amount", amount.toDecimalString());
        o.put("destination", destination);
        o.put("txHash", txHash);
        if (blockNumber == null) {
            o.putNull("blockNumber");
        } else {
            o.put("blockNumber", blockNumber);
        }
        o.put("failureReason", failureReason);
        o.put("trigger", trigger.code());
        o.put("updatedAt", instant(at));
        if (networkFee == null) {
            o.putNull("networkFee");
        } else {
            o.set("networkFee", JSON.valueToTree(networkFee));
        }
        o.put("networkFeeCharged", (networkFeeCharged == null ? TokenAmount.zero(amount.asset()) : networkFeeCharged)
                .toDecimalString());
        return o;
    }

    private static IntegrationEvent merchantEvent(SourceEvent event, IntegrationEventType type, MerchantId merchantId,
                                                  Mode mode, ObjectNode object) {
        String id = eventId(event.identifier(), type);
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id);
        body.put("type", type.wireName());
        body.put("mode", Mode.orLive(mode).code());
        body.put("createdAt", instant(event.timestamp()));
        body.putObject("data").set("object", object);
        try {
            return new IntegrationEvent(id, type, merchantId.value(), null, event.timestamp(),
                                        JSON.writeValueAsString(body), Mode.orLive(mode));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the body of " + type.wireName(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------- bodies

    private IntegrationEvent invoiceEvent(SourceEvent event, IntegrationEventType type, InvoiceState state,
                                          PaymentState payment) {
        return build(event, type, state, invoiceObject(state), payment == null ? null : paymentObject(state, payment));
    }

    private IntegrationEvent paymentEvent(SourceEvent event, IntegrationEventType type, InvoiceState state,
                                          PaymentState payment) {
        return build(event, type, state, paymentObject(state, payment), null);
    }

    /**
     * {@code {"id", "type", "mode", "createdAt", "data": {"object": …, "payment": … (invoice events naming one)}}}.
     */
    private IntegrationEvent build(SourceEvent event, IntegrationEventType type, InvoiceState state,
                                   ObjectNode object, ObjectNode payment) {
        String id = eventId(event.identifier(), type);
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id);
        body.put("type", type.wireName());
        body.put("mode", state.mode().code());
        body.put("createdAt", instant(event.timestamp()));
        ObjectNode data = body.putObject("data");
        data.set("object", object);
        if (payment != null) {
            data.set("payment", payment);
        }
        try {
            return new IntegrationEvent(id, type, state.merchantId, state.invoiceId, event.timestamp(),
                                        JSON.writeValueAsString(body), state.mode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the body of " + type.wireName(), e);
        }
    }

    static ObjectNode invoiceObject(InvoiceState s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("object", "invoice");
        o.put("id", s.invoiceId);
        o.put("merchantId", s.merchantId);
        o.put("mode", s.mode().code());
        o.put("orderId", s.orderId);
        o.put("status", s.status.name());
        o.put("amount", amount(s.asset, s.amount));
        o.put("amountPaid", amount(s.asset, s.amountPaid));
        o.put("amountOverpaid", amount(s.asset, s.amountOverpaid));
        o.put("asset", s.asset.code());
        o.put("chain", s.chain.code());
        o.put("depositAddress", s.depositAddress);
        o.put("requiredConfirmations", s.requiredConfirmations);
        o.put("description", s.description);
        ObjectNode metadata = o.putObject("metadata");
        for (Map.Entry<String, String> entry : s.metadata.entrySet()) {
            metadata.put(entry.getKey(), entry.getValue());
        }
        o.put("createdAt", instant(s.createdAt));
        o.put("expiresAt", instant(s.expiresAt));
        o.put("paidAt", instant(s.paidAt));
        o.put("latePaymentAccepted", s.latePaymentAccepted);
        o.put("settlementId", s.settlementId);
        o.put("settledAt", instant(s.settledAt));
        o.put("cancelledAt", instant(s.cancelledAt));
        o.put("expiredAt", instant(s.expiredAt));
        var payments = o.putArray("payments");
        for (PaymentState p : s.payments) {
            payments.add(paymentObject(s, p));
        }
        return o;
    }

    static ObjectNode paymentObject(InvoiceState s, PaymentState p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("object", "payment");
        o.put("id", p.id);
        o.put("invoiceId", s.invoiceId);
        o.put("merchantId", s.merchantId);
        o.put("chain", p.chain == null ? null : p.chain.code());
        o.put("txHash", p.txHash);
        o.put("logIndex", p.logIndex);
        o.put("from", p.from);
        o.put("to", p.to);
        o.put("amount", amount(s.asset, p.amount));
        o.put("asset", s.asset.code());
        o.put("status", p.status == null ? null : p.status.name());
        o.put("confirmations", p.confirmations);
        o.put("requiredConfirmations", p.requiredConfirmations);
        if (p.blockNumber == null) {
            o.putNull("blockNumber");
        } else {
            o.put("blockNumber", p.blockNumber);
        }
        o.put("blockHash", p.blockHash);
        o.put("late", p.late);
        o.put("reason", p.reason);
        o.put("unapplied", p.unappliedReason != null);
        o.put("unappliedReason", p.unappliedReason);
        o.put("detectedAt", instant(p.detectedAt));
        o.put("confirmedAt", instant(p.confirmedAt));
        return o;
    }

    static ObjectNode settlementObject(InvoiceState s, SettlementState st) {
        ObjectNode o = JSON.createObjectNode();
        o.put("object", "settlement");
        o.put("id", st.id);
        o.put("invoiceId", s.invoiceId);
        o.put("merchantId", s.merchantId);
        o.put("status", st.status);
        o.put("asset", s.asset.code());
        o.put("gross", amount(s.asset, st.gross));
        o.put("fee", amount(s.asset, st.fee));
        o.put("net", amount(s.asset, st.net));
        o.put("feeBasisPoints", st.feeBasisPoints);
        o.put("createdAt", instant(st.createdAt));
        o.put("completedAt", instant(st.completedAt));
        return o;
    }

    private static String amount(Asset asset, long baseUnits) {
        return TokenAmount.ofBaseUnits(asset, baseUnits).toDecimalString();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
