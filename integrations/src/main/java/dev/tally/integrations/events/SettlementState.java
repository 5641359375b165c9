package dev.tally.integrations.events;

import java.time.Instant;

/** The settlement of an invoice, as of the last event handled. Stored as JSON inside the invoice's state. */
final class SettlementState {
    String id;
    String status;
    long gross;
    long fee;
    long net;
    int feeBasisPoints;
    Instant createdAt;
    Instant completedAt;
}
