package dev.tally.command.invoice;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.command.CommandSideProperties;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.invoice.AcceptLatePayment;
import dev.tally.kernel.invoice.ApplyConfirmedPayment;
import dev.tally.kernel.invoice.CancelInvoice;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An invoice and its state machine. Every change goes through {@link #transitionTo}, which checks the one
 * transition table in {@link InvoiceStatus} before an event is applied.
 */
@Aggregate
public class Invoice {
    static final String EXPIRY_DEADLINE = "invoice-expiry";

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
    private TokenAmount confirmedTotal;
    /** Payments that arrived after expiry (inside the monitoring window). */
    private final Set<PaymentId> latePayments = new HashSet<>();
    /** A late payment's money was confirmed: the invoice can only end PAID_LATE (for the merchant to decide). */
    private boolean lateMoneyConfirmed;
    /** InvoicePaid was published: the invoice is (being) settled. */
    private boolean paidAnnounced;

    protected Invoice() {
        // for Axon
    }

    /** Creates the invoice from terms already checked and fixed by {@link InvoiceCreationHandler}. */
    Invoice(InvoiceCreated created, DeadlineManager deadlines) {
        apply(created);
        deadlines.schedule(created.expiresAt(), EXPIRY_DEADLINE);
    }

    @CommandHandler
    void handle(CancelInvoice command, Clock clock) {
        requireOwnedBy(command.merchantId());
        if (status == InvoiceStatus.CANCELLED) {
            return; // cancelling twice changes nothing
        }
        transitionTo(InvoiceStatus.CANCELLED, "only a PENDING invoice without payments can be cancelled");
        apply(new InvoiceCancelled(invoiceId, merchantId, clock.instant()));
    }

    /**
     * Expiry fires at {@code expiresAt}, also after a restart (the deadline is persistent). An invoice that has
     * moved on by then (paid, cancelled) ignores it, so the deadline is never cancelled.
     */
    @DeadlineHandler(deadlineName = EXPIRY_DEADLINE)
    void onExpiry() {
        // A payment still confirming at expiry decides the outcome when it resolves (paid, or expired).
        if (status == InvoiceStatus.PENDING || status == InvoiceStatus.UNDERPAID) {
            apply(new InvoiceExpired(invoiceId, merchantId, expiresAt));
        }
    }

    /** A payment to this invoice was detected. It counts only once confirmed. */
    @CommandHandler
    void handle(RegisterInvoicePayment command) {
        if (pending.containsKey(command.paymentId()) || confirmed.containsKey(command.paymentId())) {
            return; // redelivered
        }
        boolean afterExpiry = command.detectedAt().isAfter(expiresAt);
        boolean paidAlready = status == InvoiceStatus.PAID || status == InvoiceStatus.OVERPAID
                              || status == InvoiceStatus.PAID_LATE || status == InvoiceStatus.SETTLED;
        if (status == InvoiceStatus.CANCELLED) {
            // The address was closed on cancellation, so the payment was recorded as unmatched; nothing to count.
            return;
        }
        // Late: after expiresAt, or after the expiry deadline ran, whatever the clocks say.
        boolean arrivedLate = afterExpiry || status == InvoiceStatus.EXPIRED;
        if (!paidAlready && !arrivedLate && status != InvoiceStatus.CONFIRMING) {
            transitionTo(InvoiceStatus.CONFIRMING, "a payment cannot be registered now");
        }
        apply(new InvoicePaymentDetected(invoiceId, merchantId, command.paymentId(), command.amount(), arrivedLate,
                                         command.detectedAt()));
    }

    /** A detected payment reached its confirmations: it now counts towards the amount. */
    @CommandHandler
    void handle(ApplyConfirmedPayment command, CommandSideProperties properties) {
        if (confirmed.containsKey(command.paymentId())) {
            return; // redelivered
        }
        boolean thisLate = latePayments.contains(command.paymentId()) || status == InvoiceStatus.EXPIRED;
        if (thisLate && (status == InvoiceStatus.PENDING || status == InvoiceStatus.UNDERPAID)) {
            // A late payment confirmed before the expiry deadline ran: the invoice expired first, at expiresAt.
            apply(new InvoiceExpired(invoiceId, merchantId, expiresAt));
        }
        TokenAmount total = confirmedTotal.plus(command.amount());
        boolean othersPending = pending.keySet().stream().anyMatch(p -> !p.equals(command.paymentId()));
        boolean afterExpiry = command.confirmedAt().isAfter(expiresAt);
        InvoiceStatus next = nextStatusWithConfirmed(total, othersPending, afterExpiry, thisLate,
                                                     properties.getInvoices().getUnderpaymentToleranceBps());
        if (next != status) {
            transitionTo(next, "a confirmed payment cannot be applied now");
        }
        apply(new InvoicePaymentConfirmed(invoiceId, merchantId, command.paymentId(), command.amount(), total, next,
                                          command.confirmedAt()));
        if (!paidAnnounced && (next == InvoiceStatus.PAID || next == InvoiceStatus.OVERPAID)) {
            apply(new InvoicePaid(invoiceId, merchantId, amount, total, overpaidBy(total), feeBasisPoints, false,
                                  command.confirmedAt()));
        }
    }

    private TokenAmount overpaidBy(TokenAmount total) {
        return total.isGreaterThan(amount) ? total.minus(amount) : TokenAmount.zero(amount.asset());
    }

    private InvoiceStatus nextStatusWithConfirmed(TokenAmount total, boolean othersPending, boolean afterExpiry,
                                                  boolean thisLate, int toleranceBps) {
        switch (status) {
            case PAID, OVERPAID, PAID_LATE, SETTLED, PARTIALLY_REFUNDED, REFUNDED:
                return status; // more money after the fact: recorded, the status stays
            case EXPIRED:
                return InvoiceStatus.PAID_LATE;
            default:
                break;
        }
        if (thisLate) {
            // Still CONFIRMING: a payment made in time is pending, and its fate decides the outcome.
            return othersPending ? InvoiceStatus.CONFIRMING : InvoiceStatus.PAID_LATE;
        }
        if (covers(total, toleranceBps)) {
            return total.isGreaterThan(amount) ? InvoiceStatus.OVERPAID : InvoiceStatus.PAID;
        }
        if (othersPending) {
            return InvoiceStatus.CONFIRMING;
        }
        return afterExpiry ? expiredOutcome() : InvoiceStatus.UNDERPAID;
    }

    /** Past expiry without the amount: EXPIRED, unless late money was confirmed, which the merchant must decide on. */
    private InvoiceStatus expiredOutcome() {
        return lateMoneyConfirmed ? InvoiceStatus.PAID_LATE : InvoiceStatus.EXPIRED;
    }

    private boolean covers(TokenAmount total, int toleranceBps) {
        // amount × (1 − tolerance), rounded up to the base unit: the least that still counts as paid.
        long shortfallAllowed = Math.multiplyExact(amount.baseUnits(), (long) toleranceBps) / 10_000;
        return total.baseUnits() >= amount.baseUnits() - shortfallAllowed;
    }

    /** A detected payment failed or was orphaned before it counted: the invoice no longer expects it. */
    @CommandHandler
    void handle(WithdrawInvoicePayment command) {
        TokenAmount withdrawn = pending.get(command.paymentId());
        if (withdrawn == null) {
            return; // never registered, already withdrawn, or already confirmed
        }
        boolean othersPending = pending.size() > 1;
        InvoiceStatus next = status;
        if (status == InvoiceStatus.CONFIRMING && !othersPending) {
            boolean afterExpiry = command.at().isAfter(expiresAt);
            next = afterExpiry ? expiredOutcome()
                   : confirmedTotal.isZero() ? InvoiceStatus.PENDING : InvoiceStatus.UNDERPAID;
            transitionTo(next, "the payment cannot be withdrawn now");
        }
        apply(new InvoicePaymentWithdrawn(invoiceId, merchantId, command.paymentId(), withdrawn, command.reason(),
                                          next, command.at()));
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
                              feeBasisPoints, true, clock.instant()));
    }

    @CommandHandler
    void handle(MarkInvoiceSettled command) {
        if (status == InvoiceStatus.SETTLED) {
            return;
        }
        if (!paidAnnounced) {
            // Not paid yet, or paid late and not accepted by the merchant: nothing may be settled.
            throw DomainException.invalidState("invoice " + invoiceId + " is " + status + " and not ready to settle");
        }
        transitionTo(InvoiceStatus.SETTLED, "only a paid invoice can be settled");
        apply(new InvoiceSettled(invoiceId, merchantId, command.settlementId(), command.settledAt()));
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
        } else if (status == InvoiceStatus.PENDING || status == InvoiceStatus.UNDERPAID) {
            status = InvoiceStatus.CONFIRMING;
        }
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
    }

    InvoiceStatus status() {
        return status;
    }
}
