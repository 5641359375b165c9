package dev.tally.audit.state;

import dev.tally.audit.AuditAccess;
import dev.tally.audit.history.AggregateKind;
import dev.tally.kernel.error.DomainException;
import dev.tally.platform.security.TallyPrincipal;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Locale;

/**
 * An aggregate's state as of an instant: its events read through Axon (so old revisions are upcast), those with a
 * timestamp at or before the instant folded in order. Independent of the command side's aggregate classes.
 */
@Component
public class AsOfState {
    private final EventStore eventStore;

    public AsOfState(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** The state, the sequence number of the last event folded in and that event's timestamp. */
    public record Snapshot(Object state, long version, Instant lastEventAt, Instant asOf) {
    }

    public Snapshot stateOf(TallyPrincipal caller, AggregateKind kind, String aggregateId, Instant asOf) {
        AggregateFold fold = switch (kind) {
            case INVOICES -> new InvoiceState.Fold();
            case PAYMENTS -> new PaymentState.Fold();
            case SETTLEMENTS -> new SettlementState.Fold();
            case MERCHANTS -> throw DomainException.notFound("state of merchants (use their events)");
        };
        String what = kind.storedType().toLowerCase(Locale.ROOT) + " " + aggregateId;
        // From sequence 0: never a snapshot, whose state would be as of its own time, not asOf.
        DomainEventStream stream = eventStore.readEvents(aggregateId, 0);
        long version = -1;
        Instant lastEventAt = null;
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (!kind.storedType().equals(event.getType())) {
                throw DomainException.notFound(what);
            }
            if (event.getTimestamp().isAfter(asOf)) {
                break;
            }
            fold.apply(event.getPayload());
            version = event.getSequenceNumber();
            lastEventAt = event.getTimestamp();
        }
        if (version < 0) {
            throw DomainException.notFound(what + " as of " + asOf);
        }
        if (!AuditAccess.seesEverything(caller)
            && (fold.merchantId() == null || !fold.merchantId().equals(caller.merchantId())
                || fold.mode() != caller.mode())) {
            throw DomainException.notFound(what);
        }
        return new Snapshot(fold.state(), version, lastEventAt, asOf);
    }
}
