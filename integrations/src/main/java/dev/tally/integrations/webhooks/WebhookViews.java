package dev.tally.integrations.webhooks;

import dev.tally.kernel.mode.Mode;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** What the webhooks API answers. */
final class WebhookViews {
    private WebhookViews() {
    }

    /** An endpoint; {@code secret} only in the answer that creates it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EndpointView(String id, String url, Mode mode, List<String> eventTypes, boolean enabled,
                        String disabledReason, Instant createdAt, Instant updatedAt, String secret) {
        static EndpointView of(WebhookStore.Endpoint e, String secret) {
            return new EndpointView(e.id(), e.url(), e.mode(), e.eventTypes(), e.enabled(), e.disabledReason(),
                                    e.createdAt(), e.updatedAt(), secret);
        }
    }

    record EndpointList(List<EndpointView> data) {
    }

    /** The answer to a rotation: the new secret (once) and until when the previous one still signs. */
    record RotatedSecret(String id, String secret, Instant previousSecretExpiresAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeliveryView(String id, String endpointId, String webhookId, String eventType, String status, int attempts,
                        Instant nextAttemptAt, Instant lastAttemptAt, Integer lastResponseCode,
                        String lastResponseBody, String lastError, Instant createdAt, List<AttemptView> attemptLog) {
        static DeliveryView of(WebhookStore.Delivery d, List<AttemptView> attemptLog) {
            return new DeliveryView(d.id(), d.endpointId(), d.webhookId(), d.eventType(), d.status(), d.attempts(),
                                    "PENDING".equals(d.status()) ? d.nextAttemptAt() : null, d.lastAttemptAt(),
                                    d.lastResponseCode(), d.lastResponseBody(), d.lastError(), d.createdAt(),
                                    attemptLog);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttemptView(Instant at, long durationMs, Integer responseCode, String responseBody, String error,
                       String outcome) {
        static AttemptView of(WebhookStore.AttemptRecord a) {
            return new AttemptView(a.at(), a.durationMs(), a.responseCode(), a.responseBody(), a.error(), a.outcome());
        }
    }

    record DeliveryPage(List<DeliveryView> data, String nextCursor) {
    }
}
