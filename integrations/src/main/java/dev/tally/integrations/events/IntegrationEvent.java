package dev.tally.integrations.events;

import dev.tally.integrations.IntegrationEventType;

import java.time.Instant;

/**
 * One public integration event: a row of {@code integration.events}, a webhook, a Kafka record. {@code body} is the
 * exact JSON sent to receivers (docs/integrations.md); {@code invoiceId} is null only for events without an invoice
 * (none of today's types).
 */
public record IntegrationEvent(String eventId, IntegrationEventType type, String merchantId, String invoiceId,
                               Instant createdAt, String body) {
}
