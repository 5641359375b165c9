package dev.tally.integrations.events;

import dev.tally.kernel.funds.PayoutAddressChanged;
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
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentFinalized;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.payment.PaymentStuck;
import dev.tally.kernel.payout.PayoutBroadcast;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.refund.RefundEvent;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event handlers shared by the processors that turn domain events into public integration events: the
 * events-table writer and the Kafka publisher. Each keeps its own per-invoice state (rows of its processing group)
 * and hands what {@link IntegrationEventMapper} made to {@link #publish}.
 * <p>
 * Two ways to write, both inside the transaction that also stores the processor's token:
 * <ul>
 *   <li>{@link Mode#PER_EVENT} (the events table): each event's state and public events are written by its own
 *   handler, so a failure is that event's alone and parks its invoice's sequence in the dead-letter queue while the
 *   others flow;</li>
 *   <li>{@link Mode#PER_BATCH} (Kafka): the states are read once per batch, changed in memory, and written — and the
 *   events sent — when the batch prepares to commit; a failure there (the broker away) rolls the whole batch back
 *   and the processor retries it. A failure of the mapping, inside a handler, still parks only its invoice.</li>
 * </ul>
 * Since ids and bodies derive from the stored events only, a retry produces the same public events.
 */
public abstract class IntegrationEventHandling {
    private final String processingGroup;
    private final InvoiceStates states;
    private final IntegrationEventMapper mapper = new IntegrationEventMapper();
    private final String batchResource;
    private final Mode mode;

    /** When what a handler made is written. */
    protected enum Mode { PER_EVENT, PER_BATCH }

    protected IntegrationEventHandling(String processingGroup, InvoiceStates states, Mode mode) {
        this.processingGroup = processingGroup;
        this.states = states;
        this.mode = mode;
        this.batchResource = IntegrationEventHandling.class.getName() + "/" + processingGroup;
    }

    /**
     * Writes or sends public events, in the order they were made: one event's ({@link Mode#PER_EVENT}, inside its
     * handler) or a batch's (before the batch commits). Throwing rolls them back with what their state wrote.
     */
    protected abstract void publish(List<IntegrationEvent> events);

    @EventHandler
    public void on(InvoiceCreated event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(InvoicePaymentDetected event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(InvoicePaymentConfirmed event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(InvoicePaymentWithdrawn event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(InvoicePaymentUnapplied event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(InvoicePaymentReversed event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(PaymentFinalized event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(InvoicePaid event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(InvoiceExpired event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(InvoiceCancelled event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(InvoiceSettled event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(PaymentDetected event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(PaymentIncludedInBlock event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(PaymentConfirmed event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(PaymentFailed event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(PaymentOrphaned event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(PaymentStuck event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(SettlementCreated event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(SettlementCompleted event, EventMessage<?> message) {
        handle(message);
    }

    @EventHandler
    public void on(PayoutCreated event, EventMessage<?> message) {
        handleMerchantEvent(message);
    }

    @EventHandler
    public void on(PayoutBroadcast event, EventMessage<?> message) {
        handleMerchantEvent(message);
    }

    @EventHandler
    public void on(PayoutConfirmed event, EventMessage<?> message) {
        handleMerchantEvent(message);
    }

    @EventHandler
    public void on(PayoutFailed event, EventMessage<?> message) {
        handleMerchantEvent(message);
    }

    @EventHandler
    public void on(PayoutAddressChanged event, EventMessage<?> message) {
        handleMerchantEvent(message);
    }

    @EventHandler
    public void on(RefundEvent event, EventMessage<?> message) {
        handleMerchantEvent(message);
    }

    /** An event of no invoice: its public events come from it alone, with no state to keep. */
    private void handleMerchantEvent(EventMessage<?> message) {
        List<IntegrationEvent> events = IntegrationEventMapper.mapMerchantEvent(
                new SourceEvent(message.getIdentifier(), message.getTimestamp(), message.getPayload()));
        if (events.isEmpty()) {
            return;
        }
        if (mode == Mode.PER_EVENT) {
            publish(events);
        } else {
            currentBatch().events.addAll(events);
        }
    }

    /** A replay rebuilds the state from the first event; what was published before stays (see the subclasses). */
    @ResetHandler
    public void reset() {
        states.deleteAll(processingGroup);
    }

    private void handle(EventMessage<?> message) {
        Object payload = message.getPayload();
        String invoiceId = IntegrationEventMapper.invoiceIdOf(payload).orElse(null);
        if (invoiceId == null) {
            return;
        }
        if (mode == Mode.PER_EVENT) {
            IntegrationEventMapper.Result result = mapper.map(
                    new SourceEvent(message.getIdentifier(), message.getTimestamp(), payload),
                    states.find(processingGroup, invoiceId).orElse(null));
            if (result.state() != null) {
                states.saveAll(processingGroup, List.of(result.state()));
            }
            if (!result.events().isEmpty()) {
                publish(result.events());
            }
            return;
        }
        Batch batch = currentBatch();
        InvoiceState before = batch.states.containsKey(invoiceId)
                ? batch.states.get(invoiceId)
                : states.find(processingGroup, invoiceId).orElse(null);
        IntegrationEventMapper.Result result =
                mapper.map(new SourceEvent(message.getIdentifier(), message.getTimestamp(), payload), before);
        batch.states.put(invoiceId, result.state());
        if (result.state() != null) {
            batch.changed.put(invoiceId, result.state());
        }
        batch.events.addAll(result.events());
    }

    private Batch currentBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("integration events are made inside a unit of work only");
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(batchResource, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(u -> flush(batch));
            return batch;
        });
    }

    private void flush(Batch batch) {
        states.saveAll(processingGroup, batch.changed.values());
        if (!batch.events.isEmpty()) {
            publish(List.copyOf(batch.events));
        }
    }

    /** What one batch read and made, in handling order. Dropped with its unit of work (also on rollback). */
    private static final class Batch {
        /** By invoice id; a null value: looked up, not there. */
        final Map<String, InvoiceState> states = new LinkedHashMap<>();
        final Map<String, InvoiceState> changed = new LinkedHashMap<>();
        final List<IntegrationEvent> events = new ArrayList<>();
    }
}
