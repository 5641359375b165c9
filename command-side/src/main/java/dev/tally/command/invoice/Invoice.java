package dev.tally.command.invoice;

import dev.tally.command.CommandSideProperties;
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
import java.util.List;
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
        state = InvoiceLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(InvoiceSettlementFinal event) {
        state = InvoiceLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(InvoiceSettled event) {
        state = InvoiceLifecycle.evolve(state, event);
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
