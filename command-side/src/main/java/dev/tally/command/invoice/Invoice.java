package dev.tally.command.invoice;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.command.CommandSideProperties;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.AcceptLatePayment;
import dev.tally.kernel.invoice.ApplyConfirmedPayment;
import dev.tally.kernel.invoice.CancelInvoice;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.invoice.ReverseInvoicePayment;
import dev.tally.kernel.invoice.UnappliedReason;
import dev.tally.kernel.invoice.InvoicePaymentWithdrawn;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.invoice.MarkInvoiceSettled;
import dev.tally.kernel.invoice.RegisterInvoicePayment;
import dev.tally.kernel.invoice.WithdrawInvoicePayment;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoiceStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An invoice and its state machine. Every change goes through {@link #transitionTo}, which checks the one
 * transition table in {@link InvoiceStatus} before an event is applied.
 *
 * <p>Every confirmed payment to the invoice's address ends in exactly one of two places: it counts towards the
 * invoice ({@link InvoicePaymentConfirmed}), or it is the merchant's unapplied funds
 * ({@link InvoicePaymentUnapplied}, with the reason) — money after the invoice was paid or cancelled, money of an
 * invoice that expired underpaid, a late payment that does not cover the amount, a late payment the merchant did not
 * accept within the monitoring window. Lateness is judged by the time of the payment's block.
 */
@Aggregate
public class Invoice {
    static final String EXPIRY_DEADLINE = "invoice-expiry";
    /** The end of the monitoring window of a PAID_LATE invoice: not accepted by then, its money is unapplied. */
    static final String LATE_DECISION_DEADLINE = "invoice-late-decision";

    @AggregateIdentifier
    private InvoiceId invoiceId;
    private MerchantId merchantId;
    private InvoiceStatus status;
    private Instant expiresAt;
    private TokenAmount amount;
    private int feeBasisPoints;
    /** Detected payments not yet confirmed, by payment. */
    private final Map<PaymentId, TokenAmount> pending = new LinkedHashMap<>();
    /** Confirmed payments, by payment; they count towards the amount. */
    private final Map<PaymentId, TokenAmount> confirmed = new LinkedHashMap<>();
    /** Confirmed payments the invoice does not count: the merchant's unapplied funds. */
    private final Set<PaymentId> unapplied = new HashSet<>();
    private final Map<PaymentId, TokenAmount> unappliedAmounts = new HashMap<>();
    private TokenAmount confirmedTotal;
    /** Payments whose block came after expiry (inside the monitoring window). */
    private final Set<PaymentId> latePayments = new HashSet<>();
    /** A late payment's money was confirmed: the invoice can only end PAID_LATE (for the merchant to decide). */
    private boolean lateMoneyConfirmed;
    /** InvoicePaid was published: the invoice is (being) settled. */
    private boolean paidAnnounced;
    /** The settlement round: 1, and one more each time a reorg reversed a payment of the paid invoice. */
    private int settlementRound = 1;

    protected Invoice() {
        // for Axon
    }

    /** Creates the invoice from terms already checked and fixed by {@link InvoiceCreationHandler}. */
    Invoice(InvoiceCreated created, DeadlineManager deadlines) {
        apply(created);
        deadlines.schedule(created.expiresAt(), EXPIRY_DEADLINE);
    }

    /**
     * Only a PENDING invoice to whose address no payment was matched can be cancelled. The address decides (see
     * {@link CancellationGuard}): a payment matched a moment before the cancel makes it a 409, never a cancelled
     * invoice with money on its address.
     */
    @CommandHandler
    void handle(CancelInvoice command, Clock clock, CancellationGuard addresses) {
        requireOwnedBy(command.merchantId());
        if (status == InvoiceStatus.CANCELLED) {
            return; // cancelling twice changes nothing
        }
        transitionTo(InvoiceStatus.CANCELLED, "only a PENDING invoice without payments can be cancelled");
        Instant now = clock.instant();
        if (!pending.isEmpty() || !addresses.closeUnlessPaid(invoiceId, now)) {
            throw DomainException.invalidState("invoice " + invoiceId + " has a payment to its deposit address and "
                                               + "cannot be cancelled");
        }
        apply(new InvoiceCancelled(invoiceId, merchantId, now));
    }

    /**
     * Expiry fires at {@code expiresAt}, also after a restart (the deadline is persistent). An invoice that has
     * moved on by then (paid, cancelled) ignores it, so the deadline is never cancelled.
     */
    @DeadlineHandler(deadlineName = EXPIRY_DEADLINE)
    void onExpiry() {
        // A payment still confirming at expiry decides the outcome when it resolves (paid, or expired).
        if (status == InvoiceStatus.PENDING || status == InvoiceStatus.UNDERPAID) {
            expire(expiresAt);
        }
    }

    /** The monitoring window ended: a late payment the merchant has not accepted becomes unapplied funds. */
    @DeadlineHandler(deadlineName = LATE_DECISION_DEADLINE)
    void onLateDecisionDue() {
        if (status == InvoiceStatus.PAID_LATE && !paidAnnounced) {
            transitionTo(InvoiceStatus.EXPIRED, "a late payment cannot lapse now");
            apply(new InvoiceExpired(invoiceId, merchantId, expiresAt));
            unapplyAll(UnappliedReason.LATE_PAYMENT_NOT_ACCEPTED, expiresAt);
        }
    }

    /** A payment to this invoice was detected. It counts only once confirmed, and only if the invoice can take it. */
    @CommandHandler
    void handle(RegisterInvoicePayment command) {
        PaymentId payment = command.paymentId();
        if (pending.containsKey(payment) || confirmed.containsKey(payment) || unapplied.contains(payment)) {
            return; // redelivered
        }
        boolean late = command.paidAt().isAfter(expiresAt);
        InvoiceStatus next = statusOnDetection(late);
        if (next != status) {
            transitionTo(next, "a payment cannot be registered now");
        }
        apply(new InvoicePaymentDetected(invoiceId, merchantId, payment, command.amount(), late, command.paidAt(),
                                         next));
    }

    /**
     * A payment in time moves an open invoice to CONFIRMING, also one whose expiry ran before the watcher saw the
     * payment's block; anything else leaves the status as it is.
     */
    private InvoiceStatus statusOnDetection(boolean late) {
        return !late && !paidAnnounced && opensOnDetection(status) ? InvoiceStatus.CONFIRMING : status;
    }

    private static boolean opensOnDetection(InvoiceStatus status) {
        return status == InvoiceStatus.PENDING || status == InvoiceStatus.UNDERPAID || status == InvoiceStatus.EXPIRED;
    }

    /** A detected payment reached its confirmations: it now counts towards the amount, or is unapplied funds. */
    @CommandHandler
    void handle(ApplyConfirmedPayment command, CommandSideProperties properties, DeadlineManager deadlines) {
        PaymentId payment = command.paymentId();
        if (confirmed.containsKey(payment) || unapplied.contains(payment)) {
            return; // redelivered
        }
        Instant at = command.confirmedAt();
        UnappliedReason refused = cannotTakeMoney();
        if (refused != null) {
            unapply(payment, command.amount(), refused, at);
            return;
        }
        boolean thisLate = latePayments.contains(payment) || status == InvoiceStatus.EXPIRED;
        if (thisLate && (status == InvoiceStatus.PENDING || status == InvoiceStatus.UNDERPAID)) {
            // A late payment confirmed before the expiry deadline ran: the invoice expired first, at expiresAt.
            expire(expiresAt);
        }
        int toleranceBps = properties.getInvoices().getUnderpaymentToleranceBps();
        TokenAmount total = confirmedTotal.plus(command.amount());
        boolean othersPending = pending.keySet().stream().anyMatch(p -> !p.equals(payment));
        InvoiceStatus next = nextStatusWithConfirmed(total, othersPending, at.isAfter(expiresAt), thisLate,
                                                     toleranceBps);
        if (next == InvoiceStatus.EXPIRED) {
            // Not enough, and nothing else coming in time: neither this payment nor what came before pays it.
            if (status != InvoiceStatus.EXPIRED) {
                expire(expiresAt);
            }
            unapply(payment, command.amount(), thisLate ? UnappliedReason.LATE_PAYMENT_SHORT
                                                        : UnappliedReason.INVOICE_EXPIRED_UNDERPAID, at);
            return;
        }
        if (next != status) {
            transitionTo(next, "a confirmed payment cannot be applied now");
        }
        apply(new InvoicePaymentConfirmed(invoiceId, merchantId, payment, command.amount(), total, next, at));
        if (!paidAnnounced && (next == InvoiceStatus.PAID || next == InvoiceStatus.OVERPAID)) {
            apply(new InvoicePaid(invoiceId, merchantId, amount, total, overpaidBy(total), feeBasisPoints, false, at,
                                  settlement()));
        }
        if (next == InvoiceStatus.PAID_LATE) {
            scheduleLateDecision(deadlines, properties.getInvoices().getMonitoringWindow());
        }
    }

    /** Why the invoice cannot take more money at all, or null when it can. */
    private UnappliedReason cannotTakeMoney() {
        if (status == InvoiceStatus.CANCELLED) {
            return UnappliedReason.INVOICE_CANCELLED;
        }
        if (paidAnnounced) {
            return UnappliedReason.INVOICE_ALREADY_PAID; // PAID, OVERPAID, an accepted PAID_LATE, SETTLED, refunds
        }
        return null;
    }

    private TokenAmount overpaidBy(TokenAmount total) {
        return total.isGreaterThan(amount) ? total.minus(amount) : TokenAmount.zero(amount.asset());
    }

    /** Where the invoice goes with a new confirmed total; EXPIRED means the money cannot be applied. */
    private InvoiceStatus nextStatusWithConfirmed(TokenAmount total, boolean othersPending, boolean afterExpiry,
                                                  boolean thisLate, int toleranceBps) {
        if (status == InvoiceStatus.PAID_LATE) {
            return InvoiceStatus.PAID_LATE; // more late money, for the merchant to accept with the rest
        }
        if (status == InvoiceStatus.EXPIRED) {
            return covers(total, toleranceBps) ? InvoiceStatus.PAID_LATE : InvoiceStatus.EXPIRED;
        }
        if (thisLate) {
            // Still CONFIRMING: a payment made in time is pending, and its fate decides the outcome.
            if (othersPending) {
                return InvoiceStatus.CONFIRMING;
            }
            return covers(total, toleranceBps) ? InvoiceStatus.PAID_LATE : InvoiceStatus.EXPIRED;
        }
        if (covers(total, toleranceBps)) {
            return total.isGreaterThan(amount) ? InvoiceStatus.OVERPAID : InvoiceStatus.PAID;
        }
        if (othersPending) {
            return InvoiceStatus.CONFIRMING;
        }
        return afterExpiry ? expiredOutcome(toleranceBps) : InvoiceStatus.UNDERPAID;
    }

    /** Past expiry with nothing pending: PAID_LATE where confirmed late money covers the amount, else EXPIRED. */
    private InvoiceStatus expiredOutcome(int toleranceBps) {
        return lateMoneyConfirmed && covers(confirmedTotal, toleranceBps) ? InvoiceStatus.PAID_LATE
                                                                          : InvoiceStatus.EXPIRED;
    }

    private boolean covers(TokenAmount total, int toleranceBps) {
        // amount × (1 − tolerance), rounded up to the base unit: the least that still counts as paid.
        long shortfallAllowed = Math.multiplyExact(amount.baseUnits(), (long) toleranceBps) / 10_000;
        return total.baseUnits() >= amount.baseUnits() - shortfallAllowed;
    }

    /** A detected payment failed or was orphaned before it counted: the invoice no longer expects it. */
    @CommandHandler
    void handle(WithdrawInvoicePayment command, CommandSideProperties properties, DeadlineManager deadlines) {
        TokenAmount withdrawn = pending.get(command.paymentId());
        if (withdrawn == null) {
            return; // never registered, already withdrawn, or already confirmed
        }
        boolean othersPending = pending.size() > 1;
        InvoiceStatus next = status;
        if (status == InvoiceStatus.CONFIRMING && !othersPending) {
            boolean afterExpiry = command.at().isAfter(expiresAt);
            next = afterExpiry ? expiredOutcome(properties.getInvoices().getUnderpaymentToleranceBps())
                   : confirmedTotal.isZero() ? InvoiceStatus.PENDING : InvoiceStatus.UNDERPAID;
            transitionTo(next, "the payment cannot be withdrawn now");
        }
        apply(new InvoicePaymentWithdrawn(invoiceId, merchantId, command.paymentId(), withdrawn, command.reason(),
                                          next, command.at()));
        if (next == InvoiceStatus.EXPIRED) {
            unapplyAll(UnappliedReason.INVOICE_EXPIRED_UNDERPAID, command.at());
        }
        if (next == InvoiceStatus.PAID_LATE) {
            scheduleLateDecision(deadlines, properties.getInvoices().getMonitoringWindow());
        }
    }

    /** The merchant accepts a payment that arrived after expiry; it is then settled like any other. */
    @CommandHandler
    void handle(AcceptLatePayment command, Clock clock) {
        requireOwnedBy(command.merchantId());
        if (status != InvoiceStatus.PAID_LATE) {
            throw DomainException.invalidState("invoice " + invoiceId + " is " + status
                                               + ": only a PAID_LATE invoice can be accepted");
        }
        if (paidAnnounced) {
            return; // accepted already
        }
        apply(new InvoicePaid(invoiceId, merchantId, amount, confirmedTotal, overpaidBy(confirmedTotal),
                              feeBasisPoints, true, clock.instant(), settlement()));
    }

    /**
     * A confirmed payment was reversed by a reorg: its money did not arrive. Held as unapplied funds, it simply leaves
     * them. Counted towards the invoice, it leaves the total and the invoice returns to what its remaining payments
     * justify (as if they alone had been confirmed): PAID or OVERPAID again only if they cover the amount, else
     * CONFIRMING (others pending), UNDERPAID or PENDING before expiry, EXPIRED (their money unapplied) after it. A
     * paid invoice's settlement is reversed with it, and the next payment settles in a new round.
     */
    @CommandHandler
    void handle(ReverseInvoicePayment command, CommandSideProperties properties) {
        PaymentId payment = command.paymentId();
        Instant at = command.at();
        if (unapplied.contains(payment)) {
            apply(new InvoicePaymentReversed(invoiceId, merchantId, payment, unappliedAmounts.get(payment), true, null,
                                             confirmedTotal, status, at));
            return;
        }
        TokenAmount reversed = confirmed.get(payment);
        if (reversed == null) {
            return; // not counted (never applied, or reversed already)
        }
        int toleranceBps = properties.getInvoices().getUnderpaymentToleranceBps();
        TokenAmount total = confirmedTotal.minus(reversed);
        boolean othersPending = !pending.isEmpty();
        boolean wasPaid = paidAnnounced;
        InvoiceStatus next;
        if (covers(total, toleranceBps) && !othersPending) {
            next = total.isGreaterThan(amount) ? InvoiceStatus.OVERPAID : InvoiceStatus.PAID;
            if (status == InvoiceStatus.PAID_LATE || lateMoneyConfirmed) {
                next = InvoiceStatus.PAID_LATE;
            }
        } else if (othersPending) {
            next = InvoiceStatus.CONFIRMING;
        } else if (at.isAfter(expiresAt)) {
            next = InvoiceStatus.EXPIRED;
        } else {
            next = total.isZero() ? InvoiceStatus.PENDING : InvoiceStatus.UNDERPAID;
        }
        if (next != status) {
            transitionTo(next, "a reversed payment cannot be taken back now");
        }
        apply(new InvoicePaymentReversed(invoiceId, merchantId, payment, reversed, false,
                                         wasPaid ? settlement() : null, total, next, at));
        if (next == InvoiceStatus.EXPIRED) {
            unapplyAll(UnappliedReason.INVOICE_EXPIRED_UNDERPAID, at);
        } else if (wasPaid && (next == InvoiceStatus.PAID || next == InvoiceStatus.OVERPAID)) {
            // What remains still pays it: settled again, in the next round.
            apply(new InvoicePaid(invoiceId, merchantId, amount, total, overpaidBy(total), feeBasisPoints, false, at,
                                  settlement()));
        }
    }

    /** The settlement of the current round. */
    private SettlementId settlement() {
        return SettlementId.forInvoice(invoiceId, settlementRound);
    }

    @CommandHandler
    void handle(MarkInvoiceSettled command) {
        if (status == InvoiceStatus.SETTLED) {
            return;
        }
        if (!command.settlementId().equals(settlement())) {
            // A settlement of a round a reorg reversed: it no longer settles this invoice.
            throw DomainException.invalidState("settlement " + command.settlementId() + " of invoice " + invoiceId
                                               + " was reversed");
        }
        if (!paidAnnounced) {
            // Not paid yet, or paid late and not accepted by the merchant: nothing may be settled.
            throw DomainException.invalidState("invoice " + invoiceId + " is " + status + " and not ready to settle");
        }
        transitionTo(InvoiceStatus.SETTLED, "only a paid invoice can be settled");
        apply(new InvoiceSettled(invoiceId, merchantId, command.settlementId(), command.settledAt()));
    }

    /** Expires the invoice; what it had counted (an underpayment) becomes the merchant's unapplied funds. */
    private void expire(Instant at) {
        transitionTo(InvoiceStatus.EXPIRED, "the invoice cannot expire now");
        apply(new InvoiceExpired(invoiceId, merchantId, expiresAt));
        unapplyAll(UnappliedReason.INVOICE_EXPIRED_UNDERPAID, at);
    }

    private void unapplyAll(UnappliedReason reason, Instant at) {
        List<Map.Entry<PaymentId, TokenAmount>> counted = new ArrayList<>(confirmed.entrySet());
        for (Map.Entry<PaymentId, TokenAmount> payment : counted) {
            boolean lateAndShort = reason == UnappliedReason.INVOICE_EXPIRED_UNDERPAID
                                   && latePayments.contains(payment.getKey());
            unapply(payment.getKey(), payment.getValue(), lateAndShort ? UnappliedReason.LATE_PAYMENT_SHORT : reason,
                    at);
        }
    }

    private void unapply(PaymentId payment, TokenAmount money, UnappliedReason reason, Instant at) {
        TokenAmount after = confirmed.containsKey(payment) ? confirmedTotal.minus(money) : confirmedTotal;
        apply(new InvoicePaymentUnapplied(invoiceId, merchantId, payment, money, reason, after, status, at));
    }

    private void scheduleLateDecision(DeadlineManager deadlines, Duration monitoringWindow) {
        deadlines.schedule(expiresAt.plus(monitoringWindow), LATE_DECISION_DEADLINE);
    }

    private void requireOwnedBy(MerchantId caller) {
        if (!merchantId.equals(caller)) {
            // Another merchant's invoice is indistinguishable from an unknown one.
            throw DomainException.notFound("invoice " + invoiceId);
        }
    }

    private void transitionTo(InvoiceStatus next, String refusal) {
        if (!status.canTransitionTo(next)) {
            throw DomainException.invalidState("invoice " + invoiceId + " is " + status + ": " + refusal);
        }
    }

    @EventSourcingHandler
    void on(InvoiceCreated event) {
        invoiceId = event.invoiceId();
        merchantId = event.merchantId();
        expiresAt = event.expiresAt();
        amount = event.amount();
        feeBasisPoints = event.feeBasisPoints();
        confirmedTotal = TokenAmount.zero(event.amount().asset());
        status = InvoiceStatus.PENDING;
    }

    @EventSourcingHandler
    void on(InvoicePaymentDetected event) {
        pending.put(event.paymentId(), event.amount());
        if (event.late()) {
            latePayments.add(event.paymentId());
        }
        status = event.statusAfter(status);
    }

    @EventSourcingHandler
    void on(InvoicePaymentConfirmed event) {
        if (latePayments.contains(event.paymentId())) {
            lateMoneyConfirmed = true;
        }
        pending.remove(event.paymentId());
        confirmed.put(event.paymentId(), event.amount());
        confirmedTotal = event.confirmedTotal();
        status = event.statusAfter();
    }

    @EventSourcingHandler
    void on(InvoicePaymentUnapplied event) {
        pending.remove(event.paymentId());
        confirmed.remove(event.paymentId());
        unapplied.add(event.paymentId());
        unappliedAmounts.put(event.paymentId(), event.amount());
        confirmedTotal = event.confirmedTotal();
        status = event.statusAfter();
    }

    @EventSourcingHandler
    void on(InvoicePaymentReversed event) {
        confirmed.remove(event.paymentId());
        unapplied.remove(event.paymentId());
        unappliedAmounts.remove(event.paymentId());
        latePayments.remove(event.paymentId());
        confirmedTotal = event.confirmedTotal();
        status = event.statusAfter();
        if (event.settlementReversed() != null) {
            paidAnnounced = false;
            settlementRound++;
        }
    }

    @EventSourcingHandler
    void on(InvoicePaymentWithdrawn event) {
        pending.remove(event.paymentId());
        status = event.statusAfter();
    }

    @EventSourcingHandler
    void on(InvoicePaid event) {
        paidAnnounced = true;
    }

    @EventSourcingHandler
    void on(InvoiceSettled event) {
        status = InvoiceStatus.SETTLED;
    }

    @EventSourcingHandler
    void on(InvoiceCancelled event) {
        status = InvoiceStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(InvoiceExpired event) {
        status = InvoiceStatus.EXPIRED;
        lateMoneyConfirmed = false;
    }

    InvoiceStatus status() {
        return status;
    }
}
