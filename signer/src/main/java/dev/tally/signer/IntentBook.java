package dev.tally.signer;

import java.util.Optional;

import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.payout.PayoutBroadcast;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.payout.PayoutStatus;
import dev.tally.kernel.refund.RefundEvent;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.signing.TransferIntent;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Where the signer learns what a refund or payout is: from its own events in the event store, never from the caller.
 * Refund events carry the whole refund; a payout's last event says its status, and its creation where it pays.
 */
final class IntentBook {
    private final EventStore events;

    IntentBook(EventStore events) {
        this.events = events;
    }

    /** The sequence number of an aggregate's last event, empty when it has none. */
    Optional<Long> lastSequenceOf(String aggregateId) {
        return events.lastSequenceNumberFor(aggregateId);
    }

    Optional<IntentFacts> find(TransferIntent intent) {
        return switch (intent.kind()) {
            case REFUND -> RefundId.isValid(intent.id()) ? refund(intent.id()) : Optional.empty();
            case PAYOUT -> PayoutId.isValid(intent.id()) ? payout(intent.id()) : Optional.empty();
        };
    }

    private Optional<IntentFacts> refund(String id) {
        RefundState last = null;
        DomainEventStream stream = events.readEvents(id);
        while (stream.hasNext()) {
            if (stream.next().getPayload() instanceof RefundEvent event) {
                last = event.refund();
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        return Optional.of(new IntentFacts(TransferIntent.Kind.REFUND, id, last.merchantId(), last.mode(),
                                           last.chain(), last.address(), last.amount(), last.status().code(),
                                           last.status() == RefundStatus.APPROVED, last.attempt()));
    }

    private Optional<IntentFacts> payout(String id) {
        PayoutCreated created = null;
        PayoutStatus status = null;
        DomainEventStream stream = events.readEvents(id);
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof PayoutCreated event) {
                created = event;
                status = event.status();
            } else if (payload instanceof PayoutBroadcast event) {
                status = event.status();
            } else if (payload instanceof PayoutConfirmed event) {
                status = event.status();
            } else if (payload instanceof PayoutFailed event) {
                status = event.status();
            }
        }
        if (created == null) {
            return Optional.empty();
        }
        return Optional.of(new IntentFacts(TransferIntent.Kind.PAYOUT, id, created.merchantId(), created.mode(),
                                           created.chain(), created.destination(), created.amount(), status.code(),
                                           status == PayoutStatus.PENDING, 1));
    }
}
