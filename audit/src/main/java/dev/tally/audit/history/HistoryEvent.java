package dev.tally.audit.history;

import com.fasterxml.jackson.databind.JsonNode;

/** One event of an aggregate's history, as stored: payload and metadata as JSON. */
public record HistoryEvent(long sequenceNumber, long globalIndex, String timestamp, String eventId, String type,
                           String revision, JsonNode payload, JsonNode metadata) {
}
