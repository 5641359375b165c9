package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.refund.InvoiceRefundRequested;
import dev.tally.kernel.refund.RefundReserved;
import dev.tally.kernel.refund.RefundSplit;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.invoice.InvoiceSettlementFinal;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.settlement.SettlementCompleted;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The booking rules: which transfers an event adds, given the transfers already booked for the same payment or
 * settlement. Transfer ids are derived from the event, so an event handled twice finds its transfer and books
 * nothing. Knows nothing of the database: existing transfers come from a {@link TransferSource}.
 *
 * <ul>
 *     <li>PaymentDetected → pending {@code pay:<paymentId>:<detection>}, customer clearing → merchant pending;</li>
 *     <li>PaymentConfirmed → posts the latest detection ({@code …:post});</li>
 *     <li>PaymentFailed, PaymentOrphaned → voids it ({@code …:void});</li>
 *     <li>SettlementCompleted → posted {@code stl:<settlementId>:net} merchant pending → merchant available and
 *     {@code stl:<settlementId>:fee} merchant pending → platform fee revenue (zero amounts are not booked);</li>
 *     <li>InvoicePaymentUnapplied → posted {@code pay:<paymentId>:<detection>:unapplied} merchant pending → merchant
 *     unapplied: the
 *     confirmed money of a payment that pays no invoice, kept apart from revenue and from what settles;</li>
 *     <li>InvoicePaymentReversed (a reorg took a confirmed payment away before finality) → first, when it names the
 *     invoice's settlement and that was booked, {@code stl:<settlementId>:net:reversed} merchant available → merchant
 *     pending and {@code …:fee:reversed} platform fee revenue → merchant pending; then posted
 *     {@code pay:<paymentId>:<detection>:reversed} from merchant pending (or merchant unapplied, for money the invoice
 *     did not count) back to customer clearing: the money never arrived;</li>
 *     <li>InvoiceSettlementFinal → posted {@code stl:<settlementId>:final} merchant available → merchant final, the
 *     settlement's net (its payments are all final: payable);</li>
 *     <li>PayoutReserved → pending {@code po:<payoutId>} merchant final → merchant paid out, and the network fee
 *     charged to the merchant, if any, pending {@code po:<payoutId>:fee} merchant final → platform network fees
 *     charged; its PayoutReservationPosted posts them ({@code …:post}), its PayoutReservationReleased voids them
 *     ({@code …:void}).</li>
 * </ul>
 */
final class LedgerJournal {

    /** The transfers already booked for each of the given sources (payment or settlement ids). */
    @FunctionalInterface
    interface TransferSource {
        Map<String, List<Transfer>> load(Collection<String> sourceIds);
    }

    /** The event behind a booking. */
    record Cause(String eventId, String eventType, Instant at) {
        Cause {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(at, "at");
        }
    }

    /** Whether a settlement's invoice took its money back already (in an earlier batch). */
    @FunctionalInterface
    interface SettlementReversals {
        boolean isReversed(String settlementId);
    }

    private final TransferSource source;
    private final SettlementReversals reversals;
    /** Settlements this journal found reversed by their invoice, with when. */
    private final Map<String, Instant> settlementsReversed = new LinkedHashMap<>();
    private final Map<String, List<Transfer>> bySource = new HashMap<>();
    private final List<Transfer> added = new ArrayList<>();
    private final Map<String, LedgerAccount> accounts = new LinkedHashMap<>();

    LedgerJournal(TransferSource source) {
        this(source, settlementId -> false);
    }

    LedgerJournal(TransferSource source, SettlementReversals reversals) {
        this.source = source;
        this.reversals = reversals;
    }

    /** The settlements this journal found reversed by their invoice, to remember with its transfers. */
    Map<String, Instant> settlementsReversed() {
        return Map.copyOf(settlementsReversed);
    }

    private boolean reversedByItsInvoice(String settlementId) {
        return settlementsReversed.containsKey(settlementId) || reversals.isReversed(settlementId);
    }

    static String pendingTransferId(PaymentId paymentId, int detection) {
        return "pay:" + paymentId.value() + ":" + detection;
    }

    static String settlementTransferId(String settlementId, String leg) {
        return "stl:" + settlementId + ":" + leg;
    }

    /** Loads the booked transfers of all these sources at once (one query for a whole batch of events). */
    void prefetch(Collection<String> sourceIds) {
        Set<String> missing = sourceIds.stream().filter(id -> !bySource.containsKey(id)).collect(Collectors.toSet());
        if (missing.isEmpty()) {
            return;
        }
        Map<String, List<Transfer>> loaded = source.load(missing);
        for (String id : missing) {
            bySource.put(id, new ArrayList<>(loaded.getOrDefault(id, List.of())));
        }
    }

    void detected(PaymentDetected event, Cause cause) {
        if (event.amount().isZero()) {
            return; // a zero-value transfer moves nothing
        }
        if (event.detection() < 1) {
            throw new LedgerInvariantViolation("payment " + event.paymentId() + " has detection " + event.detection());
        }
        String sourceId = event.paymentId().value();
        List<Transfer> booked = transfersOf(sourceId);
        String id = pendingTransferId(event.paymentId(), event.detection());
        if (find(booked, id).isPresent()) {
            return; // handled before
        }
        for (Transfer earlier : pendingTransfers(booked)) {
            if (resolutionOf(booked, earlier.id()).isEmpty()) {
                throw new LedgerInvariantViolation("payment " + event.paymentId() + " detected again (detection "
                        + event.detection() + ") while " + earlier.id() + " is still pending");
            }
        }
        LedgerAccount debit = account(LedgerAccount.customerClearing(event.amount().asset(), event.mode()));
        LedgerAccount credit = account(LedgerAccount.merchantPending(event.merchantId(), event.amount().asset(),
                                                                     event.mode()));
        book(new Transfer(id, debit.id(), credit.id(), event.amount().asset(), event.amount().baseUnits(),
                          TransferStatus.PENDING, null, sourceId, cause.eventId(), cause.eventType(), cause.at()));
    }

    void confirmed(PaymentConfirmed event, Cause cause) {
        resolveLatest(event.paymentId(), event.merchantId(), event.mode(), event.amount(), TransferStatus.POSTED,
                      cause);
    }

    /** A failed or orphaned payment: its latest detection no longer counts. */
    void withdrawn(PaymentId paymentId, MerchantId merchantId, Mode mode, TokenAmount amount, Cause cause) {
        resolveLatest(paymentId, merchantId, mode, amount, TransferStatus.VOIDED, cause);
    }

    void settled(SettlementCompleted event, Cause cause) {
        TokenAmount gross = event.gross();
        if (event.fee().asset() != gross.asset() || event.net().asset() != gross.asset()
            || gross.compareTo(event.fee().plus(event.net())) != 0) {
            throw new LedgerInvariantViolation("settlement " + event.settlementId() + " does not split its gross: "
                    + gross + " != " + event.fee() + " + " + event.net());
        }
        String sourceId = event.settlementId().value();
        if (reversedByItsInvoice(sourceId)) {
            return; // completed after its invoice took the money back: there is nothing to settle
        }
        List<Transfer> booked = transfersOf(sourceId);
        Mode mode = event.mode();
        LedgerAccount pending = LedgerAccount.merchantPending(event.merchantId(), gross.asset(), mode);
        settlementLeg(booked, sourceId, "net", pending,
                      LedgerAccount.merchantAvailable(event.merchantId(), gross.asset(), mode), event.net(), cause);
        settlementLeg(booked, sourceId, "fee", pending, LedgerAccount.platformFeeRevenue(gross.asset(), mode),
                      event.fee(), cause);
    }

    void unapplied(InvoicePaymentUnapplied event, Cause cause) {
        TokenAmount amount = event.amount();
        String sourceId = event.paymentId().value();
        List<Transfer> booked = transfersOf(sourceId);
        if (amount.isZero()) {
            return;
        }
        Transfer detection = latestPending(event.paymentId(), booked).orElseThrow(() -> new LedgerInvariantViolation(
                "payment " + event.paymentId() + " unapplied but never detected"));
        // Per detection: a transfer reorganised away and confirmed again is unapplied again.
        String id = detection.id() + ":unapplied";
        if (find(booked, id).isPresent()) {
            return;
        }
        Transfer posted = resolutionOf(booked, detection.id())
                .filter(resolution -> resolution.status() == TransferStatus.POSTED)
                .orElseThrow(() -> new LedgerInvariantViolation("payment " + event.paymentId()
                        + " unapplied but its money was never confirmed"));
        if (posted.amount() != amount.baseUnits()) {
            throw new LedgerInvariantViolation("payment " + event.paymentId() + " unapplied as " + amount + " but "
                    + posted.amount() + " base units were confirmed");
        }
        LedgerAccount from = account(LedgerAccount.merchantPending(event.merchantId(), amount.asset(), event.mode()));
        LedgerAccount to = account(LedgerAccount.merchantUnapplied(event.merchantId(), amount.asset(), event.mode()));
        book(new Transfer(id, from.id(), to.id(), amount.asset(), amount.baseUnits(), TransferStatus.POSTED, null,
                          sourceId, cause.eventId(), cause.eventType(), cause.at()));
    }

    void reversed(InvoicePaymentReversed event, Cause cause) {
        TokenAmount amount = event.amount();
        if (event.settlementReversed() != null) {
            String settlement = event.settlementReversed().value();
            settlementsReversed.putIfAbsent(settlement, cause.at());
            List<Transfer> legs = transfersOf(settlement);
            Mode mode = event.mode();
            LedgerAccount pending = LedgerAccount.merchantPending(event.merchantId(), amount.asset(), mode);
            reverseLeg(legs, settlement, "net",
                       LedgerAccount.merchantAvailable(event.merchantId(), amount.asset(), mode), pending, cause);
            reverseLeg(legs, settlement, "fee", LedgerAccount.platformFeeRevenue(amount.asset(), mode), pending,
                       cause);
        }
        if (amount.isZero()) {
            return;
        }
        String sourceId = event.paymentId().value();
        List<Transfer> booked = transfersOf(sourceId);
        Transfer detection = latestPending(event.paymentId(), booked).orElseThrow(() -> new LedgerInvariantViolation(
                "payment " + event.paymentId() + " reversed but never detected"));
        String id = detection.id() + ":reversed";
        if (find(booked, id).isPresent()) {
            return; // handled before
        }
        boolean posted = resolutionOf(booked, detection.id()).map(t -> t.status() == TransferStatus.POSTED)
                                                             .orElse(false);
        if (!posted || detection.amount() != amount.baseUnits()) {
            throw new LedgerInvariantViolation("payment " + event.paymentId() + " reversed as " + amount + " but "
                    + detection.id() + " was not confirmed for that amount");
        }
        LedgerAccount from = account(event.wasUnapplied()
                ? LedgerAccount.merchantUnapplied(event.merchantId(), amount.asset(), event.mode())
                : LedgerAccount.merchantPending(event.merchantId(), amount.asset(), event.mode()));
        LedgerAccount to = account(LedgerAccount.customerClearing(amount.asset(), event.mode()));
        book(new Transfer(id, from.id(), to.id(), amount.asset(), amount.baseUnits(), TransferStatus.POSTED, null,
                          sourceId, cause.eventId(), cause.eventType(), cause.at()));
    }

    void settlementFinal(InvoiceSettlementFinal event, Cause cause) {
        String settlement = event.settlementId().value();
        List<Transfer> legs = transfersOf(settlement);
        Optional<Transfer> net = find(legs, settlementTransferId(settlement, "net"));
        String id = settlementTransferId(settlement, "final");
        if (net.isEmpty() || find(legs, id).isPresent()) {
            return; // a zero net has nothing to make final; handled before
        }
        if (find(legs, settlementTransferId(settlement, "net") + ":reversed").isPresent()) {
            throw new LedgerInvariantViolation("settlement " + settlement + " is final but was reversed");
        }
        LedgerAccount from = account(LedgerAccount.merchantAvailable(event.merchantId(), net.get().asset(),
                                                                     event.mode()));
        LedgerAccount to = account(LedgerAccount.merchantFinal(event.merchantId(), net.get().asset(), event.mode()));
        book(new Transfer(id, from.id(), to.id(), net.get().asset(), net.get().amount(), TransferStatus.POSTED, null,
                          settlement, cause.eventId(), cause.eventType(), cause.at()));
    }

    static String payoutTransferId(PayoutId payoutId) {
        return "po:" + payoutId.value();
    }

    static String payoutFeeTransferId(PayoutId payoutId) {
        return payoutTransferId(payoutId) + ":fee";
    }

    void payoutReserved(PayoutReserved event, Cause cause) {
        String sourceId = event.payoutId().value();
        List<Transfer> booked = transfersOf(sourceId);
        String id = payoutTransferId(event.payoutId());
        if (find(booked, id).isPresent()) {
            return; // handled before
        }
        TokenAmount amount = event.amount();
        LedgerAccount from = account(LedgerAccount.merchantFinal(event.merchantId(), amount.asset(), event.mode()));
        LedgerAccount to = account(LedgerAccount.merchantPaidOut(event.merchantId(), amount.asset(), event.mode()));
        book(new Transfer(id, from.id(), to.id(), amount.asset(), amount.baseUnits(), TransferStatus.PENDING, null,
                          sourceId, cause.eventId(), cause.eventType(), cause.at()));
        TokenAmount fee = event.networkFeeCharged();
        if (!fee.isZero()) {
            LedgerAccount charged = account(LedgerAccount.platformNetworkFeesCharged(fee.asset(), event.mode()));
            book(new Transfer(payoutFeeTransferId(event.payoutId()), from.id(), charged.id(), fee.asset(),
                              fee.baseUnits(), TransferStatus.PENDING, null, sourceId, cause.eventId(),
                              cause.eventType(), cause.at()));
        }
    }

    /**
     * A payout confirmed on chain (POSTED) or failed (VOIDED): phase two of its reservation, of {@code amount} (the
     * payout's and the network fee charged with it, together).
     */
    void payoutResolved(PayoutId payoutId, MerchantId merchantId, Mode mode, TokenAmount amount,
                        TransferStatus outcome, Cause cause) {
        String sourceId = payoutId.value();
        List<Transfer> booked = transfersOf(sourceId);
        Transfer pending = find(booked, payoutTransferId(payoutId)).orElseThrow(() -> new LedgerInvariantViolation(
                "payout " + payoutId + " " + outcome + " but never reserved"));
        Optional<Transfer> resolution = resolutionOf(booked, pending.id());
        if (resolution.isPresent()) {
            if (resolution.get().status() == outcome) {
                return; // handled before
            }
            throw new LedgerInvariantViolation("payout " + payoutId + " " + outcome + " but " + pending.id()
                    + " was already " + resolution.get().status());
        }
        Optional<Transfer> fee = find(booked, payoutFeeTransferId(payoutId));
        long reserved = pending.amount() + fee.map(Transfer::amount).orElse(0L);
        if (reserved != amount.baseUnits() || pending.asset() != amount.asset()
            || !pending.debitAccount().equals(LedgerAccount.merchantFinal(merchantId, amount.asset(), mode).id())) {
            throw new LedgerInvariantViolation("payout " + payoutId + " " + outcome + " as " + amount + " of "
                    + merchantId + " but it reserved " + reserved + " base units from " + pending.debitAccount());
        }
        bookResolution(pending, outcome, sourceId, cause);
        if (fee.isPresent()) {
            bookResolution(fee.get(), outcome, sourceId, cause);
        }
    }

    /**
     * A refund reserved: pending transfers to the merchant's refunded account, the merchant's share from its final
     * account ({@code rf:<id>:merchant}), the fee given back from platform revenue ({@code rf:<id>:fee}) and money that
     * paid no invoice from its unapplied account ({@code rf:<id>:unapplied}); a leg of zero is not booked. Together
     * they are the refund's amount.
     */
    void refundReserved(RefundReserved event, Cause cause) {
        InvoiceRefundRequested request = event.request();
        String sourceId = request.refundId().value();
        List<Transfer> booked = transfersOf(sourceId);
        if (!booked.isEmpty()) {
            return; // handled before
        }
        RefundSplit split = request.split();
        LedgerAccount to = account(LedgerAccount.merchantRefunded(request.merchantId(), split.amount().asset(),
                                                                  request.mode()));
        if (!split.merchantShare().isZero()) {
            LedgerAccount from = account(LedgerAccount.merchantFinal(request.merchantId(), split.amount().asset(),
                                                                     request.mode()));
            book(new Transfer("rf:" + sourceId + ":merchant", from.id(), to.id(), split.amount().asset(),
                              split.merchantShare().baseUnits(), TransferStatus.PENDING, null, sourceId,
                              cause.eventId(), cause.eventType(), cause.at()));
        }
        if (!split.feeReversed().isZero()) {
            LedgerAccount from = account(LedgerAccount.platformFeeRevenue(split.amount().asset(), request.mode()));
            book(new Transfer("rf:" + sourceId + ":fee", from.id(), to.id(), split.amount().asset(),
                              split.feeReversed().baseUnits(), TransferStatus.PENDING, null, sourceId,
                              cause.eventId(), cause.eventType(), cause.at()));
        }
        if (!split.unappliedShare().isZero()) {
            LedgerAccount from = account(LedgerAccount.merchantUnapplied(request.merchantId(), split.amount().asset(),
                                                                         request.mode()));
            book(new Transfer("rf:" + sourceId + ":unapplied", from.id(), to.id(), split.amount().asset(),
                              split.unappliedShare().baseUnits(), TransferStatus.PENDING, null, sourceId,
                              cause.eventId(), cause.eventType(), cause.at()));
        }
    }

    /** A refund confirmed on chain (POSTED) or cancelled (VOIDED): phase two of each of its pending transfers. */
    void refundResolved(RefundId refundId, TransferStatus outcome, Cause cause) {
        String sourceId = refundId.value();
        List<Transfer> booked = transfersOf(sourceId);
        for (Transfer pending : List.copyOf(booked)) {
            if (pending.status() != TransferStatus.PENDING) {
                continue;
            }
            Optional<Transfer> resolution = resolutionOf(booked, pending.id());
            if (resolution.isPresent()) {
                if (resolution.get().status() != outcome) {
                    throw new LedgerInvariantViolation("refund " + refundId + " " + outcome + " but " + pending.id()
                            + " was already " + resolution.get().status());
                }
                continue; // handled before
            }
            bookResolution(pending, outcome, sourceId, cause);
        }
    }

    /** Phase two of a pending transfer: posts it ({@code …:post}) or voids it ({@code …:void}). */
    private void bookResolution(Transfer pending, TransferStatus outcome, String sourceId, Cause cause) {
        String suffix = outcome == TransferStatus.POSTED ? ":post" : ":void";
        book(new Transfer(pending.id() + suffix, pending.debitAccount(), pending.creditAccount(), pending.asset(),
                          pending.amount(), outcome, pending.id(), sourceId, cause.eventId(), cause.eventType(),
                          cause.at()));
    }

    /** Takes a booked settlement leg back (once); a leg never booked (zero, or not completed) has nothing to undo. */
    private void reverseLeg(List<Transfer> legs, String settlementId, String leg, LedgerAccount from,
                            LedgerAccount to, Cause cause) {
        Optional<Transfer> booked = find(legs, settlementTransferId(settlementId, leg));
        String id = settlementTransferId(settlementId, leg) + ":reversed";
        if (booked.isEmpty() || find(legs, id).isPresent()) {
            return;
        }
        book(new Transfer(id, account(from).id(), account(to).id(), booked.get().asset(), booked.get().amount(),
                          TransferStatus.POSTED, null, settlementId, cause.eventId(), cause.eventType(), cause.at()));
    }

    /** The transfers this journal adds, in booking order. */
    List<Transfer> added() {
        return List.copyOf(added);
    }

    /** Every account the added transfers touch. */
    Collection<LedgerAccount> accounts() {
        return List.copyOf(accounts.values());
    }

    private void settlementLeg(List<Transfer> booked, String sourceId, String leg, LedgerAccount from,
                               LedgerAccount to, TokenAmount amount, Cause cause) {
        String id = settlementTransferId(sourceId, leg);
        if (amount.isZero() || find(booked, id).isPresent()) {
            return;
        }
        book(new Transfer(id, account(from).id(), account(to).id(), amount.asset(), amount.baseUnits(),
                          TransferStatus.POSTED, null, sourceId, cause.eventId(), cause.eventType(), cause.at()));
    }

    private void resolveLatest(PaymentId paymentId, MerchantId merchantId, Mode mode, TokenAmount amount,
                               TransferStatus outcome, Cause cause) {
        if (amount.isZero()) {
            return; // never booked (see detected)
        }
        String sourceId = paymentId.value();
        List<Transfer> booked = transfersOf(sourceId);
        String what = outcome == TransferStatus.POSTED ? "confirmed" : "withdrawn (" + cause.eventType() + ")";
        Transfer pending = latestPending(paymentId, booked).orElseThrow(() -> new LedgerInvariantViolation(
                "payment " + paymentId + " " + what + " but never detected"));
        Optional<Transfer> resolution = resolutionOf(booked, pending.id());
        if (resolution.isPresent()) {
            if (resolution.get().status() == outcome) {
                return; // handled before, or a failure after an orphaning: already void
            }
            throw new LedgerInvariantViolation("payment " + paymentId + " " + what + " but " + pending.id()
                    + " was already " + resolution.get().status());
        }
        LedgerAccount debit = account(LedgerAccount.customerClearing(amount.asset(), mode));
        LedgerAccount credit = account(LedgerAccount.merchantPending(merchantId, amount.asset(), mode));
        if (!pending.debitAccount().equals(debit.id()) || !pending.creditAccount().equals(credit.id())
            || pending.amount() != amount.baseUnits()) {
            throw new LedgerInvariantViolation("payment " + paymentId + " " + what + " as " + amount + " to "
                    + merchantId + " but " + pending.id() + " reserved " + pending.amount() + " base units to "
                    + pending.creditAccount());
        }
        bookResolution(pending, outcome, sourceId, cause);
    }

    /** The pending transfer of the payment's highest detection. */
    private static Optional<Transfer> latestPending(PaymentId paymentId, List<Transfer> booked) {
        String prefix = "pay:" + paymentId.value() + ":";
        Function<Transfer, Integer> detection = t -> Integer.parseInt(t.id().substring(prefix.length()));
        return pendingTransfers(booked).stream()
                                       .filter(t -> t.id().startsWith(prefix))
                                       .max(Comparator.comparing(detection));
    }

    private static List<Transfer> pendingTransfers(List<Transfer> booked) {
        return booked.stream().filter(t -> t.status() == TransferStatus.PENDING).toList();
    }

    private static Optional<Transfer> resolutionOf(List<Transfer> booked, String pendingId) {
        return booked.stream().filter(t -> pendingId.equals(t.pendingId())).findFirst();
    }

    private static Optional<Transfer> find(List<Transfer> booked, String id) {
        return booked.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private List<Transfer> transfersOf(String sourceId) {
        prefetch(List.of(sourceId));
        return bySource.get(sourceId);
    }

    private LedgerAccount account(LedgerAccount account) {
        accounts.putIfAbsent(account.id(), account);
        return account;
    }

    private void book(Transfer transfer) {
        bySource.computeIfAbsent(transfer.sourceId(), k -> new ArrayList<>()).add(transfer);
        added.add(transfer);
    }
}
