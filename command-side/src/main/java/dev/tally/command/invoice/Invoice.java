package dev.tally.command.invoice;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.CancelInvoice;
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
        if (status == InvoiceStatus.PENDING || status == InvoiceStatus.UNDERPAID) {
            apply(new InvoiceExpired(invoiceId, merchantId, expiresAt));
        }
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
        status = InvoiceStatus.PENDING;
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
