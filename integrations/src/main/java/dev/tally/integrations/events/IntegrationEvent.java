package dev.tally.integrations.events;

import dev.tally.kernel.mode.Mode;

import dev.tally.integrations.IntegrationEventType;

import java.time.Instant;

/**
 * One public integration event: a row of {@code integration.events}, a webhook, a Kafka record. {@code body} is the
 * exact JSON sent to receivers (docs/integrations.md); {@code invoiceId} is null only for events without an invoice
 * (none of today's types); {@code mode} is its invoice's (also in the body).
 */
public record IntegrationEvent(String eventId, IntegrationEventType type, String merchantId, String invoiceId,
                               Instant createdAt, String body, Mode mode) {
    public IntegrationEvent {
        mode = Mode.orLive(mode);
    }
}
