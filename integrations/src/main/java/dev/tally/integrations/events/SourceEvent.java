package dev.tally.integrations.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A domain event as read from the event store: its identifier (stable for ever, also across replays and upcasting),
 * the instant it was stored and its payload. The mapper's input.
 */
public record SourceEvent(String identifier, Instant timestamp, Object payload) {
    public SourceEvent {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(payload, "payload");
    }
}
