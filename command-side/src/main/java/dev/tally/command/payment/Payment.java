package dev.tally.command.payment;

import dev.tally.command.CommandSideProperties;
import dev.tally.command.address.DepositAddressBook;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.payment.EscalateStuckPayment;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentFinalized;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentLifecycle;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.payment.PaymentReversed;
import dev.tally.kernel.payment.PaymentStatus;
import dev.tally.kernel.payment.RecordConfirmations;
import dev.tally.kernel.payment.RecordTransfer;
import dev.tally.kernel.payment.RecordTransferFailed;
import dev.tally.kernel.payment.RecordTransferOrphaned;
import dev.tally.kernel.payment.UnmatchedTransferRecorded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One token transfer on a chain (id {@code chain:txHash:logIndex}) and its way to finality: a thin shell around
 * {@link PaymentLifecycle}. The shell matches a new transfer's deposit address to its invoice (in the command's
 * transaction, by the block's time) and hands the result to the rules.
 */
@Aggregate
public class Payment {

    @AggregateIdentifier
    private PaymentId paymentId;
    private PaymentLifecycle.State state;

    protected Payment() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordTransfer command, DepositAddressBook addresses, CommandSideProperties properties) {
        PaymentLifecycle.AddressMatch match = null;
        if (state == null) {
            TransferObserved seen = command.observation();
            // Judged by the block's time: a customer who paid in time is on time however late the watcher looks.
            var found = addresses.match(seen.chain(), seen.to(), seen.paidAt(),
                                        properties.getInvoices().getMonitoringWindow());
            match = found instanceof DepositAddressBook.Matched m
                    ? new PaymentLifecycle.Matched(m.entry().invoiceId(), m.entry().merchantId(),
                                                   m.entry().requiredConfirmations(), m.entry().mode())
                    : new PaymentLifecycle.Unmatched(((DepositAddressBook.Unmatched) found).reason());
        }
        applyAll(PaymentLifecycle.decide(state, command, match));
    }

    @CommandHandler
    PaymentLifecycle.Progress handle(RecordConfirmations command) {
        applyAll(PaymentLifecycle.decide(state, command, null));
        // Applied events have moved the state on already: the answer says what the payment waits for now.
        return PaymentLifecycle.Progress.of(state);
    }

    @CommandHandler
    void handle(RecordTransferFailed command) {
        applyAll(PaymentLifecycle.decide(state, command, null));
    }

    @CommandHandler
    void handle(RecordTransferOrphaned command) {
        applyAll(PaymentLifecycle.decide(state, command, null));
    }

    @CommandHandler
    void handle(EscalateStuckPayment command) {
        applyAll(PaymentLifecycle.decide(state, command, null));
    }

    private static void applyAll(List<Object> events) {
        events.forEach(event -> apply(event));
    }

    @EventSourcingHandler
    void on(PaymentDetected event) {
        paymentId = event.paymentId();
        state = PaymentLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(UnmatchedTransferRecorded event) {
        paymentId = event.paymentId();
        state = PaymentLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(PaymentIncludedInBlock event) {
        state = PaymentLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(PaymentConfirmed event) {
        state = PaymentLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(PaymentFinalized event) {
        state = PaymentLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(PaymentReversed event) {
        state = PaymentLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(PaymentFailed event) {
        state = PaymentLifecycle.evolve(state, event);
    }

    @EventSourcingHandler
    void on(PaymentOrphaned event) {
        state = PaymentLifecycle.evolve(state, event);
    }

    PaymentStatus status() {
        return state == null ? null : state.status();
    }
}
