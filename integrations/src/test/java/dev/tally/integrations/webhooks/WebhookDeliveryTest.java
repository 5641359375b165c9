package dev.tally.integrations.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.integrations.webhooks.TestReceiver.Reply;
import dev.tally.kernel.ids.MerchantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Events become signed webhooks, through receivers that fail, hang, are gone or redirect. */
class WebhookDeliveryTest extends WebhookTestBase {

    @Test
    void anEventIsDeliveredSignedWithTheFullObjectAndTheEventIdAsWebhookId() {
        MerchantId merchant = newMerchant();
        String key = merchantKey(merchant);
        JsonNode endpoint = createEndpoint(key, receiver.url("/all"));
        JsonNode paidOnly = createEndpoint(key, receiver.url("/paid"), "invoice.paid");
        String created = publishEvent(merchant, "invoice.created");
        String paid = publishEvent(merchant, "invoice.paid");
        publishEvent(newMerchant(), "invoice.paid"); // another merchant's: none of ours

        await().atMost(WAIT).until(() -> receiver.received("/all").size() >= 2
                                         && receiver.received("/paid").size() >= 1);
        var all = receiver.received("/all");
        assertThat(TestReceiver.ids(all)).containsExactlyInAnyOrder(created, paid);
        for (var request : all) {
            assertThat(request.body()).isEqualTo(eventBody(request.header("webhook-id")));
            assertThat(request.header("content-type")).startsWith("application/json");
            assertThat(Long.parseLong(request.header("webhook-timestamp")))
                    .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 1);
            assertThat(request.header("webhook-signature")).startsWith("v1,").doesNotContain(" ");
            assertThat(verifies(request, endpoint.get("secret").asText())).isTrue();
            assertThat(verifies(request, paidOnly.get("secret").asText())).isFalse();
        }
        var onlyPaid = receiver.received("/paid").get(0);
        assertThat(onlyPaid.header("webhook-id")).isEqualTo(paid);
        assertThat(verifies(onlyPaid, paidOnly.get("secret").asText())).isTrue();

        await().atMost(WAIT).until(() -> deliveries(key, endpoint).findValues("status").stream()
                                                                   .allMatch(s -> s.asText().equals("SUCCEEDED")));
        JsonNode log = deliveries(key, endpoint);
        assertThat(log.get("data")).hasSize(2);
        assertThat(log.get("data").get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("data").get(0).get("lastResponseCode").asInt()).isEqualTo(200);
        assertThat(log.get("data").get(0).get("lastResponseBody").asText()).isEqualTo("answer 200");
    }

    @Test
    void anEndpointCreatedLaterDoesNotGetOlderEvents() {
        MerchantId merchant = newMerchant();
        String key = merchantKey(merchant);
        JsonNode early = createEndpoint(key, receiver.url("/early"));
        String before = publishEvent(merchant, "invoice.created");
        await().atMost(WAIT).until(() -> receiver.received("/early").size() >= 1);
        createEndpoint(key, receiver.url("/late"));
        String after = publishEvent(merchant, "invoice.expired");

        await().atMost(WAIT).until(() -> receiver.received("/late").size() >= 1
                                         && receiver.received("/early").size() >= 2);
        assertThat(TestReceiver.ids(receiver.received("/late"))).containsExactly(after);
        assertThat(TestReceiver.ids(receiver.received("/early"))).containsExactly(before, after);
        assertThat(early.get("id").asText()).startsWith("we_");
    }

    @Test
    void serverErrorsTimeoutsAnd429AreRetriedWithTheSameWebhookIdUntilTheReceiverAccepts() {
        MerchantId merchant = newMerchant();
        String key = merchantKey(merchant);
        JsonNode endpoint = createEndpoint(key, receiver.url("/flaky"));
        receiver.script("/flaky", Reply.withStatus(500), Reply.withStatus(503), Reply.hanging(), Reply.withStatus(429),
                        Reply.withStatus(408));
        String event = publishEvent(merchant, "invoice.paid");

        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(delivery(key, endpoint, 0).get("status").asText()));
        var requests = receiver.received("/flaky");
        assertThat(requests).hasSize(6);
        assertThat(TestReceiver.ids(requests)).containsOnly(event);
        assertThat(requests).allMatch(r -> verifies(r, endpoint.get("secret").asText()));
        JsonNode delivery = delivery(key, endpoint, 0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(6);
        List<String> codes = delivery.get("attemptLog").findValuesAsText("outcome");
        assertThat(codes).containsExactly("RETRY", "RETRY", "RETRY", "RETRY", "RETRY", "SUCCEEDED");
        assertThat(delivery.get("attemptLog").get(2).has("responseCode")).isFalse();
        assertThat(delivery.get("attemptLog").get(2).get("error").asText()).contains("timed out");
        assertThat(delivery.get("attemptLog").get(0).get("responseCode").asInt()).isEqualTo(500);
    }

    @Test
    void a410DisablesTheEndpointAndFailsTheDelivery() {
        MerchantId merchant = newMerchant();
        String key = merchantKey(merchant);
        JsonNode endpoint = createEndpoint(key, receiver.url("/gone"));
        receiver.script("/gone", Reply.withStatus(410));
        publishEvent(merchant, "invoice.paid");

        await().atMost(WAIT).until(() -> "FAILED".equals(delivery(key, endpoint, 0).get("status").asText()));
        JsonNode after = get("/api/v1/webhook-endpoints/" + endpoint.get("id").asText(), key).json();
        assertThat(after.get("enabled").asBoolean()).isFalse();
        assertThat(after.get("disabledReason").asText()).contains("410");
        assertThat(receiver.received("/gone")).hasSize(1);

        // Disabled: later events are not sent to it, and it cannot be tested or redelivered to until re-enabled.
        String settled = publishEvent(merchant, "invoice.settled");
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT last_seq >= (SELECT seq FROM integration.events WHERE event_id = ?) "
                + "FROM integration.webhook_cursor", Boolean.class, settled));
        String id = endpoint.get("id").asText();
        assertThat(post("/api/v1/webhook-endpoints/" + id + "/test", key, null).status()).isEqualTo(409);
        assertThat(patch("/api/v1/webhook-endpoints/" + id, key, "{\"enabled\":true}").json()
                           .has("disabledReason")).isFalse();
        assertThat(post("/api/v1/webhook-endpoints/" + id + "/test", key, null).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> receiver.received("/gone").size() >= 2);
        assertThat(receiver.received("/gone")).hasSize(2);
        assertThat(receiver.received("/gone").get(1).body()).contains("\"type\":\"webhook.test\"");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM integration.webhook_deliveries WHERE webhook_id = ?",
                                       Integer.class, settled)).isZero();
    }

    @Test
    void redirectsAndClientErrorsAreRetriedUntilTheReceiverAcceptsSoADeployAnswering401LosesNothing() {
        MerchantId merchant = newMerchant();
        String key = merchantKey(merchant);
        JsonNode redirecting = createEndpoint(key, receiver.url("/redirect"));
        JsonNode refusing = createEndpoint(key, receiver.url("/refuse"));
        receiver.script("/redirect", Reply.redirect(receiver.url("/elsewhere")));
        receiver.script("/refuse", new Reply(400, "bad\u0000" + "é".repeat(3000), java.util.Map.of(), false),
                        Reply.withStatus(401), Reply.withStatus(404));
        String event = publishEvent(merchant, "invoice.paid");

        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(delivery(key, redirecting, 0).get("status").asText())
                                         && "SUCCEEDED".equals(delivery(key, refusing, 0).get("status").asText()));
        JsonNode redirect = delivery(key, redirecting, 0);
        assertThat(redirect.get("attempts").asInt()).isEqualTo(2);
        JsonNode redirected = redirect.get("attemptLog").get(0);
        assertThat(redirected.get("responseCode").asInt()).isEqualTo(302);
        assertThat(redirected.get("outcome").asText()).isEqualTo("RETRY");
        assertThat(redirected.get("error").asText()).contains("redirects are not followed");
        assertThat(receiver.received("/elsewhere")).isEmpty();
        JsonNode refused = delivery(key, refusing, 0);
        assertThat(refused.get("attemptLog").findValuesAsText("outcome"))
                .containsExactly("RETRY", "RETRY", "RETRY", "SUCCEEDED");
        assertThat(refused.get("attemptLog").findValuesAsText("responseCode")).containsExactly("400", "401", "404", "200");
        assertThat(refused.get("attemptLog").get(1).get("error").asText()).contains("HTTP 401");
        // The answer's first KiB only (and no NUL, which PostgreSQL text cannot hold).
        String answer = refused.get("attemptLog").get(0).get("responseBody").asText();
        assertThat(answer).startsWith("badéé").doesNotContain("\u0000");
        assertThat(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        assertThat(TestReceiver.ids(receiver.received("/refuse"))).containsOnly(event).hasSize(4);
        assertThat(get("/api/v1/webhook-endpoints/" + refusing.get("id").asText(), key).json()
                           .get("enabled").asBoolean()).isTrue();
    }

    @Test
    void aRedeliveryAndATestPingAreSignedWithTheirOwnStableIds() {
        MerchantId merchant = newMerchant();
        String key = merchantKey(merchant);
        JsonNode endpoint = createEndpoint(key, receiver.url("/again"));
        String id = endpoint.get("id").asText();
        String event = publishEvent(merchant, "invoice.paid");
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(delivery(key, endpoint, 0).get("status").asText()));
        String deliveryId = delivery(key, endpoint, 0).get("id").asText();

        Answer redelivered = post("/api/v1/webhook-endpoints/" + id + "/deliveries/" + deliveryId + "/redeliver", key,
                                  null);
        assertThat(redelivered.status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> receiver.received("/again").size() >= 2);
        assertThat(TestReceiver.ids(receiver.received("/again"))).containsExactly(event, event);
        await().atMost(WAIT).until(() -> delivery(key, endpoint, 0).get("attempts").asInt() == 2);

        Answer test = post("/api/v1/webhook-endpoints/" + id + "/test", key, null);
        assertThat(test.status()).isEqualTo(202);
        assertThat(test.json().get("eventType").asText()).isEqualTo("webhook.test");
        await().atMost(WAIT).until(() -> receiver.received("/again").size() >= 3);
        var ping = receiver.received("/again").get(2);
        assertThat(ping.header("webhook-id")).isEqualTo(test.json().get("webhookId").asText()).startsWith("evt_test");
        assertThat(verifies(ping, endpoint.get("secret").asText())).isTrue();
        assertThat(ping.body()).contains("\"endpointId\":\"" + id + "\"");

        // The log pages newest first; unknown deliveries are 404s.
        JsonNode first = get("/api/v1/webhook-endpoints/" + id + "/deliveries?limit=1", key).json();
        assertThat(first.get("data").get(0).get("eventType").asText()).isEqualTo("webhook.test");
        JsonNode second = get("/api/v1/webhook-endpoints/" + id + "/deliveries?limit=1&cursor="
                              + first.get("nextCursor").asText(), key).json();
        assertThat(second.get("data").get(0).get("webhookId").asText()).isEqualTo(event);
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(get("/api/v1/webhook-endpoints/" + id + "/deliveries/wd_unknown000000000000000", key).status())
                .isEqualTo(404);
        assertThat(get("/api/v1/webhook-endpoints/" + id + "/deliveries?limit=0", key).status()).isEqualTo(400);
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEnds() {
        MerchantId merchant = newMerchant();
        String key = merchantKey(merchant);
        JsonNode endpoint = createEndpoint(key, receiver.url("/rotated"));
        String id = endpoint.get("id").asText();
        Answer rotated = post("/api/v1/webhook-endpoints/" + id + "/rotate-secret", key, null);
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.json().get("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(endpoint.get("secret").asText());
        assertThat(Instant.parse(rotated.json().get("previousSecretExpiresAt").asText()))
                .isAfter(Instant.now().plusSeconds(23 * 3600));

        publishEvent(merchant, "invoice.paid");
        await().atMost(WAIT).until(() -> receiver.received("/rotated").size() >= 1);
        var request = receiver.received("/rotated").get(0);
        assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(verifies(request, newSecret)).isTrue();
        assertThat(verifies(request, endpoint.get("secret").asText())).isTrue();

        // Once the overlap is over, only the new secret signs.
        jdbc.update("UPDATE integration.webhook_secrets SET expires_at = now() WHERE expires_at IS NOT NULL");
        publishEvent(merchant, "invoice.settled");
        await().atMost(WAIT).until(() -> receiver.received("/rotated").size() >= 2);
        var later = receiver.received("/rotated").get(1);
        assertThat(later.header("webhook-signature").split(" ")).hasSize(1);
        assertThat(verifies(later, newSecret)).isTrue();
        assertThat(verifies(later, endpoint.get("secret").asText())).isFalse();
    }

    @Test
    void aNameThatResolvesToAPrivateAddressAtSendTimeIsNotConnectedTo() {
        MerchantId merchant = newMerchant();
        String key = merchantKey(merchant);
        String name = "rebinding-" + System.nanoTime() + ".test";
        TestDns.set(name, "127.0.0.1"); // allowlisted at registration
        JsonNode endpoint = createEndpoint(key, "http://" + name + ":" + receiver.port() + "/rebind");
        TestDns.set(name, "10.0.0.7"); // DNS rebinding: now an internal address
        publishEvent(merchant, "invoice.paid");

        await().atMost(WAIT).until(() -> delivery(key, endpoint, 0).get("attempts").asInt() >= 1);
        JsonNode delivery = delivery(key, endpoint, 0);
        assertThat(delivery.get("attemptLog").get(0).get("error").asText())
                .contains("refused by the SSRF guard").contains("10.0.0.7").contains("private");
        assertThat(receiver.received("/rebind")).isEmpty();

        // Back to the allowed address: the retry goes through.
        TestDns.set(name, "127.0.0.1");
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(delivery(key, endpoint, 0).get("status").asText()));
        assertThat(receiver.received("/rebind")).hasSize(1);
    }

    private JsonNode deliveries(String key, JsonNode endpoint) {
        return get("/api/v1/webhook-endpoints/" + endpoint.get("id").asText() + "/deliveries", key).json();
    }

    /** The n-th newest delivery of an endpoint, with its attempts. */
    private JsonNode delivery(String key, JsonNode endpoint, int index) {
        JsonNode list = deliveries(key, endpoint).get("data");
        if (list.size() <= index) {
            return JSON.createObjectNode().put("status", "NONE").put("attempts", 0);
        }
        return get("/api/v1/webhook-endpoints/" + endpoint.get("id").asText() + "/deliveries/"
                   + list.get(index).get("id").asText(), key).json();
    }
}
