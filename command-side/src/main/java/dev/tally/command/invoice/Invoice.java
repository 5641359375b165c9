package dev.tally.command.invoice;

import dev.tally.command.CommandSideProperties;
import dev.tally.command.funds.OwnAddresses;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.refund.InvoiceRefundReleased;
import dev.tally.kernel.refund.InvoiceRefundRequested;
import dev.tally.kernel.refund.InvoiceRefunds;
import dev.tally.kernel.refund.RefundSplit;
import dev.tally.kernel.refund.ReleaseInvoiceRefund;
import dev.tally.kernel.refund.RequestRefund;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.AcceptLatePayment;
import dev.tally.kernel.invoice.ApplyConfirmedPayment;
import dev.tally.kernel.invoice.CancelInvoice;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoiceLifecycle;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoicePaymentFinal;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.invoice.InvoicePaymentWithdrawn;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.invoice.InvoiceSettlementFinal;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.invoice.MarkInvoiceSettled;
import dev.tally.kernel.invoice.RecordPaymentFinal;
import dev.tally.kernel.invoice.RegisterInvoicePayment;
import dev.tally.kernel.invoice.ReverseInvoicePayment;
import dev.tally.kernel.invoice.WithdrawInvoicePayment;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An invoice: a thin shell around {@link InvoiceLifecycle}, which decides what each command leads to and how each
 * event changes the invoice. The shell adds what needs the world: the clock, the settings, the persistent deadlines
 * (expiry; the end of the monitoring window of a PAID_LATE invoice) and the deposit address, where a cancel and a
 * payment of the same invoice are decided one after the other ({@link CancellationGuard}).
 */
@Aggregate
public class Invoice {
    static final String EXPIRY_DEADLINE = "invoice-expiry";
    /** The end of the monitoring window of a PAID_LATE invoice: not accepted by then, its money is unapplied. */
    static final String LATE_DECISION_DEADLINE = "invoice-late-decision";

    @AggregateIdentifier
    private InvoiceId invoiceId;
    private InvoiceLifecycle.State state;
    private Chain chain;
    /** What the invoice can refund: its unapplied funds and its settled money once final on chain. */
    private InvoiceRefunds refunds;
    /** Every refund ever requested here, by id: a refund id is requested at most once. */
    private final Map<String, InvoiceRefundRequested> refundRequests = new HashMap<>();

    protected Invoice() {
        // for Axon
    }

    /** Creates the invoice from terms already checked and fixed by {@link InvoiceCreationHandler}. */
    Invoice(InvoiceCreated created, DeadlineManager deadlines) {
        apply(created);
        deadlines.schedule(created.expiresAt(), EXPIRY_DEADLINE);
    }

    /**
     * Only a PENDING invoice to whose address no payment was matched can be cancelled. The address decides: a payment
     * matched a moment before the cancel makes it a 409, never a cancelled invoice with money on its address.
     */
    @CommandHandler
    void handle(CancelInvoice command, Clock clock, CancellationGuard addresses, CommandSideProperties properties) {
        List<Object> events = InvoiceLifecycle.decide(state, command, rules(properties), clock.instant());
        for (Object event : events) {
            if (event instanceof InvoiceCancelled cancelled
                && !addresses.closeUnlessPaid(invoiceId, cancelled.cancelledAt())) {
                throw InvoiceLifecycle.cancelRefusedForPayment(state);
            }
        }
        applyAll(events);
    }

    /**
     * Expiry fires at {@code expiresAt}, also after a restart (the deadline is persistent). An invoice that has
     * moved on by then (paid, cancelled) ignores it, so the deadline is never cancelled.
     */
    @DeadlineHandler(deadlineName = EXPIRY_DEADLINE)
    void onExpiry() {
        applyAll(InvoiceLifecycle.decideExpiry(state));
    }

    @DeadlineHandler(deadlineName = LATE_DECISION_DEADLINE)
    void onLateDecisionDue() {
        applyAll(InvoiceLifecycle.decideLateDecisionDue(state));
    }

    @CommandHandler
    void handle(RegisterInvoicePayment command, CommandSideProperties properties, Clock clock) {
        applyAll(InvoiceLifecycle.decide(state, command, rules(properties), clock.instant()));
    }

    @CommandHandler
    void handle(ApplyConfirmedPayment command, CommandSideProperties properties, DeadlineManager deadlines,
                Clock clock) {
        decideAndApply(command, properties, deadlines, clock);
    }

    @CommandHandler
    void handle(WithdrawInvoicePayment command, CommandSideProperties properties, DeadlineManager deadlines,
                Clock clock) {
        decideAndApply(command, properties, deadlines, clock);
    }

    /** Answers with the settlement the reversal took back (the invoice had been paid), or null. */
    @CommandHandler
    SettlementId handle(ReverseInvoicePayment command, CommandSideProperties properties, DeadlineManager deadlines,
                        Clock clock) {
        List<Object> events = decideAndApply(command, properties, deadlines, clock);
        return events.stream().filter(InvoicePaymentReversed.class::isInstance).map(InvoicePaymentReversed.class::cast)
                     .map(InvoicePaymentReversed::settlementReversed).filter(Objects::nonNull)
                     .findFirst().orElse(null);
    }

    /** The merchant accepts a payment that arrived after expiry; it is then settled like any other. */
    @CommandHandler
    void handle(AcceptLatePayment command, Clock clock, CommandSideProperties properties) {
        applyAll(InvoiceLifecycle.decide(state, command, rules(properties), clock.instant()));
    }

    @CommandHandler
    void handle(MarkInvoiceSettled command, CommandSideProperties properties, Clock clock) {
        applyAll(InvoiceLifecycle.decide(state, command, rules(properties), clock.instant()));
    }

    @CommandHandler
    void handle(RecordPaymentFinal command, CommandSideProperties properties, Clock clock) {
        applyAll(InvoiceLifecycle.decide(state, command, rules(properties), clock.instant()));
    }

    /**
     * Holds money of the invoice for a refund: its unapplied funds first, then its settled money, each once final on
     * chain (money a reorg could still take back is never refunded). {@link InvoiceRefunds} decides how much may be
     * refunded and who gives it back.
     *
     * @return the request: this one, or the first one of this refund when it is sent again
     */
    @CommandHandler
    InvoiceRefundRequested handle(RequestRefund command, Clock clock, OwnAddresses own) {
        if (!state.merchantId().equals(command.merchantId()) || state.mode() != command.mode()) {
            throw DomainException.notFound("invoice " + invoiceId);
        }
        InvoiceRefundRequested earlier = refundRequests.get(command.refundId().value());
        if (earlier != null) {
            if (!earlier.split().amount().equals(command.amount())) {
                throw DomainException.invalidState("refund " + command.refundId() + " was requested with another "
                                                   + "amount");
            }
            return earlier;
        }
        if (command.address() != null && command.addressChain() != chain) {
            throw DomainException.ruleViolation("invoice " + invoiceId + " was paid on " + chain.code() + ": the "
                                                + "refund goes to an address on " + chain.code() + ", not "
                                                + command.addressChain().code());
        }
        if (command.address() != null && own.isDepositAddress(chain, command.address())) {
            throw DomainException.ruleViolation("the refund address is one of Tally's deposit addresses; give the "
                                                + "customer's own address");
        }
        TokenAmount unappliedNotFinal = state.unapplied().entrySet().stream()
                                             .filter(held -> !state.finalPayments().contains(held.getKey()))
                                             .map(Map.Entry::getValue)
                                             .reduce(TokenAmount.zero(refunds.asset()), TokenAmount::plus);
        RefundSplit split = refunds.split(command.amount(), unappliedNotFinal);
        InvoiceRefundRequested requested = new InvoiceRefundRequested(
                invoiceId, state.merchantId(), state.mode(), command.refundId(),
                split.unappliedShare().equals(split.amount()) ? null : state.settlement(), chain, split,
                command.address(), command.address() == null ? command.claimId() : null,
                command.address() == null ? command.claimExpiresAt() : null, command.autoApprove(),
                command.reason(), clock.instant());
        apply(requested);
        return requested;
    }

    /** The refund will not be paid: its money can be refunded again. */
    @CommandHandler
    void handle(ReleaseInvoiceRefund command) {
        if (!refunds.held().containsKey(command.refundId().value())) {
            return; // released already, or never held
        }
        apply(new InvoiceRefundReleased(invoiceId, state.merchantId(), state.mode(), command.refundId(),
                                        refunds.held().get(command.refundId().value()), command.reason(),
                                        command.at()));
    }

    /** Decides; an invoice that becomes PAID_LATE gets the deadline of its monitoring window's end. */
    private List<Object> decideAndApply(Object command, CommandSideProperties properties, DeadlineManager deadlines,
                                        Clock clock) {
        List<Object> events = InvoiceLifecycle.decide(state, command, rules(properties), clock.instant());
        boolean becomesPaidLate = InvoiceLifecycle.becomesPaidLate(state, events);
        applyAll(events);
        if (becomesPaidLate) {
            deadlines.schedule(state.expiresAt().plus(properties.getInvoices().getMonitoringWindow()),
                               LATE_DECISION_DEADLINE);
        }
        return events;
    }

    private static InvoiceLifecycle.Rules rules(CommandSideProperties properties) {
        return new InvoiceLifecycle.Rules(properties.getInvoices().getUnderpaymentToleranceBps());
    }

    private static void applyAll(List<Object> events) {
        events.forEach(event -> apply(event));
    }

    @EventSourcingHandler
    void on(InvoiceCreated event) {
        invoiceId = event.invoiceId();
        chain = event.chain();
        refunds = InvoiceRefunds.none(event.amount().asset());
        state = InvoiceLifecycle.evolve(null, event);
    }

    @EventSourcingHandler
    void on(InvoicePaymentDetected event) {
        state = InvoiceLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(InvoicePaymentConfirmed event) {
        state = InvoiceLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(InvoicePaymentUnapplied event) {
        if (state.finalPayments().contains(event.paymentId())) {
            refunds = refunds.unappliedFinal(event.amount()); // counted and final before it stopped counting
        }
        state = InvoiceLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(InvoicePaymentReversed event) {
        state = InvoiceLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(InvoicePaymentWithdrawn event) {
        state = InvoiceLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(InvoicePaid event) {
        state = InvoiceLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(InvoicePaymentFinal event) {
        TokenAmount unapplied = state.unapplied().get(event.paymentId());
        if (unapplied != null) {
            refunds = refunds.unappliedFinal(unapplied);
        }
        state = InvoiceLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(InvoiceSettlementFinal event) {
        state = InvoiceLifecycle.evolve(state, event);
        refunds = refunds.settlementFinal();
    }

    @EventSourcingHandler
    void on(InvoiceSettled event) {
        state = InvoiceLifecycle.evolve(state, event);
        if (event.gross() != null) { // settled before refunds existed: its settled money is not refundable here
            refunds = refunds.settled(event.settlementId(), event.gross(), event.fee());
        }
    }

    @EventSourcingHandler
    void on(InvoiceRefundRequested event) {
        refundRequests.put(event.refundId().value(), event);
        refunds = refunds.hold(event.refundId().value(), event.split());
    }

    @EventSourcingHandler
    void on(InvoiceRefundReleased event) {
        refunds = refunds.release(event.refundId().value());
    }

    @EventSourcingHandler
    void on(InvoiceCancelled event) {
        state = InvoiceLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(InvoiceExpired event) {
        state = InvoiceLifecycle.evolve(state, event);
    }

    InvoiceStatus status() {
        return state.status();
    }
}
