package dev.tally.integrations.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.ids.MerchantId;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A receiver that never recovers: retried with backoff until the retry window ends, then FAILED. */
@TestPropertySource(properties = "tally.webhooks.retry-for=2s")
@DirtiesContext
class WebhookGiveUpTest extends WebhookTestBase {

    @Test
    void aDeliveryIsRetriedUntilTheRetryWindowEndsThenFails() {
        MerchantId merchant = newMerchant();
        String key = merchantKey(merchant);
        JsonNode endpoint = createEndpoint(key, receiver.url("/down"));
        for (int i = 0; i < 1000; i++) {
            receiver.script("/down", TestReceiver.Reply.withStatus(503));
        }
        String event = publishEvent(merchant, "invoice.paid");

        String id = endpoint.get("id").asText();
        await().atMost(WAIT).until(() -> "FAILED".equals(
                get("/api/v1/webhook-endpoints/" + id + "/deliveries", key).json().get("data").path(0)
                                                                          .path("status").asText()));
        JsonNode delivery = get("/api/v1/webhook-endpoints/" + id + "/deliveries/"
                                + get("/api/v1/webhook-endpoints/" + id + "/deliveries", key).json().get("data")
                                                                                              .get(0).get("id")
                                                                                              .asText(), key).json();
        assertThat(delivery.get("attempts").asInt()).isGreaterThan(1);
        assertThat(delivery.get("lastResponseCode").asInt()).isEqualTo(503);
        assertThat(delivery.has("nextAttemptAt")).isFalse();
        assertThat(TestReceiver.ids(receiver.received("/down"))).containsOnly(event);
        // The endpoint itself stays enabled: only a 410 disables it.
        assertThat(get("/api/v1/webhook-endpoints/" + id, key).json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void backoffIsExponentialWithFullJitterAndCapped() {
        var properties = new WebhookProperties(true, false, List.of(), Duration.ofSeconds(10), Duration.ofDays(3),
                                               Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(24), 16,
                                               Duration.ofSeconds(1), 100, 8, 2, Duration.ofMinutes(1));
        var dispatcher = new WebhookDispatcher(properties, null, null, null);
        for (int retry = 1; retry <= 100; retry++) {
            long bound = Math.min(Duration.ofHours(1).toMillis(), 5_000L << Math.min(retry - 1, 20));
            for (int i = 0; i < 20; i++) {
                assertThat(dispatcher.backoff(retry).toMillis()).as("retry " + retry).isBetween(0L, bound);
            }
        }
    }
}
