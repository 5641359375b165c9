package dev.tally.integrations.webhooks;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Creating (url required) or changing (only the fields given) a webhook endpoint. */
public record WebhookEndpointRequest(
        @Schema(description = "Where to POST events: https (http only where tally.webhooks.allow-http), at most "
                              + "2048 characters, a public host", example = "https://shop.example/webhooks/tally")
        String url,
        @Schema(description = "Event types to receive (wire names such as invoice.paid); empty or absent: all")
        List<String> eventTypes,
        @Schema(description = "Whether events are delivered (default true)")
        Boolean enabled) {
}
