package dev.tally.platform.axon;

import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Optional;

/**
 * An aggregate's creation as the event store has it: its first event. What a writer answers from, and what a reader
 * falls back on in the moment between a write and its view (a view shows an object milliseconds after it is
 * created, and nobody should see a 404 for an object they have just been given).
 */
public final class AggregateCreations {
    private AggregateCreations() {
    }

    /** The first event of aggregate {@code id} (never a snapshot), if there is one and it is a {@code type}. */
    public static <T> Optional<T> find(EventStore eventStore, String id, Class<T> type) {
        return eventStore.readEvents(id, 0).asStream().findFirst()
                         .map(message -> type.isInstance(message.getPayload()) ? type.cast(message.getPayload())
                                                                                : null);
    }
}
