package dev.tally.query.ledger;

import dev.tally.kernel.funds.PayoutReservationPosted;
import dev.tally.kernel.funds.PayoutReservationReleased;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.refund.RefundConfirmed;
import dev.tally.kernel.refund.RefundReservationPosted;
import dev.tally.kernel.refund.RefundReservationReleased;
import dev.tally.kernel.refund.RefundReserved;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.invoice.InvoiceSettlementFinal;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.platform.axon.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The double-entry ledger as a projection of payment and settlement events. Handlers only add transfers
 * to the batch's journal; the batch is written, and every invariant checked, when the processor's unit of work
 * commits, in the same transaction as the processor's token. Events are sequenced by merchant (see
 * {@link LedgerProcessingConfiguration}), so a merchant's confirmations are always booked before its settlements.
 */
@Component
// Its journal spans the batch in memory and its invariants are checked per batch: a failure stops it.
@ReadModel(deadLettered = false)
@ProcessingGroup(LedgerProjection.GROUP)
public class LedgerProjection {
    public static final String GROUP = "ledger";

    private static final String BATCH_RESOURCE = LedgerBatch.class.getName();

    private final LedgerStore store;

    LedgerProjection(LedgerStore store) {
        this.store = store;
    }

    @EventHandler
    void on(PaymentDetected event, EventMessage<?> message) {
        batch().journal().detected(event, cause(message, event.detectedAt()));
    }

    @EventHandler
    void on(PaymentConfirmed event, EventMessage<?> message) {
        batch().journal().confirmed(event, cause(message, event.confirmedAt()));
    }

    @EventHandler
    void on(PaymentFailed event, EventMessage<?> message) {
        batch().journal().withdrawn(event.paymentId(), event.merchantId(), event.mode(), event.amount(),
                                    cause(message, event.failedAt()));
    }

    @EventHandler
    void on(PaymentOrphaned event, EventMessage<?> message) {
        batch().journal().withdrawn(event.paymentId(), event.merchantId(), event.mode(), event.amount(),
                                    cause(message, event.orphanedAt()));
    }

    @EventHandler
    void on(SettlementCompleted event, EventMessage<?> message) {
        batch().journal().settled(event, cause(message, event.completedAt()));
    }

    @EventHandler
    void on(InvoicePaymentUnapplied event, EventMessage<?> message) {
        batch().journal().unapplied(event, cause(message, event.at()));
        store.recordUnapplied(message.getIdentifier(), event);
    }

    @EventHandler
    void on(InvoicePaymentReversed event, EventMessage<?> message) {
        batch().journal().reversed(event, cause(message, event.at()));
        if (event.wasUnapplied()) {
            store.recordUnappliedReversed(event);
        }
    }

    @EventHandler
    void on(InvoiceSettlementFinal event, EventMessage<?> message) {
        batch().journal().settlementFinal(event, cause(message, event.at()));
    }

    @EventHandler
    void on(PayoutReserved event, EventMessage<?> message) {
        batch().journal().payoutReserved(event, cause(message, event.at()));
    }

    @EventHandler
    void on(PayoutReservationPosted event, EventMessage<?> message) {
        batch().journal().payoutResolved(event.payoutId(), event.merchantId(), event.mode(), event.amount(),
                                         TransferStatus.POSTED, cause(message, event.at()));
    }

    @EventHandler
    void on(PayoutReservationReleased event, EventMessage<?> message) {
        batch().journal().payoutResolved(event.payoutId(), event.merchantId(), event.mode(), event.amount(),
                                         TransferStatus.VOIDED, cause(message, event.at()));
    }

    @EventHandler
    void on(RefundReserved event, EventMessage<?> message) {
        batch().journal().refundReserved(event, cause(message, event.request().at()));
    }

    @EventHandler
    void on(RefundReservationPosted event, EventMessage<?> message) {
        batch().journal().refundResolved(event.refundId(), TransferStatus.POSTED, cause(message, event.at()));
    }

    @EventHandler
    void on(RefundReservationReleased event, EventMessage<?> message) {
        batch().journal().refundResolved(event.refundId(), TransferStatus.VOIDED, cause(message, event.at()));
    }

    /** A confirmed refund's unapplied share, on the unapplied-funds report. */
    @EventHandler
    void on(RefundConfirmed event) {
        RefundState refund = event.refund();
        if (!refund.unappliedShare().isZero()) {
            store.recordUnappliedRefunded(refund.refundId().value(), refund.invoiceId().value(),
                                          refund.unappliedShare(), refund.updatedAt());
        }
    }

    @ResetHandler
    void reset() {
        store.clear();
    }

    private static LedgerJournal.Cause cause(EventMessage<?> message, Instant at) {
        return new LedgerJournal.Cause(message.getIdentifier(), message.getPayloadType().getSimpleName(),
                                       at != null ? at : message.getTimestamp());
    }

    /** The journal of the current unit of work, written when it commits. */
    private LedgerBatch batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("ledger events are booked inside a unit of work");
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH_RESOURCE, key -> {
            LedgerBatch batch = new LedgerBatch(store);
            batch.journal().prefetch(sourcesOf(unitOfWork));
            unitOfWork.onPrepareCommit(u -> batch.flush());
            return batch;
        });
    }

    /** The payments and settlements of every event in the batch, so their transfers load in one query. */
    private static Set<String> sourcesOf(UnitOfWork<?> unitOfWork) {
        Set<String> sources = new LinkedHashSet<>();
        List<? extends Message<?>> messages = unitOfWork instanceof BatchingUnitOfWork<?> batching
                ? batching.getMessages() : List.of(unitOfWork.getMessage());
        for (Message<?> message : messages) {
            LedgerEvents.sourceOf(message).ifPresent(sources::add);
        }
        return sources;
    }
}
