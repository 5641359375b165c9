package dev.tally.integrations.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.integrations.IntegrationsApplication;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.platform.test.TestApiKeys;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries are rows, not memory: Tally stops while a slow receiver holds several sends, a new Tally starts on the
 * same database, and every event arrives, with the webhook-id it had before the restart (duplicates allowed, losses
 * not).
 */
class WebhookRestartTest {
    private static final int EVENTS = 12;
    private static final int SENDERS = 4;

    private TestDatabase database;
    private ConfigurableApplicationContext tally;
    private final TestReceiver receiver = new TestReceiver();

    @BeforeEach
    void database() {
        database = TestDatabase.create();
    }

    @AfterEach
    void stop() {
        if (tally != null) {
            tally.close();
        }
        receiver.close();
        database.close();
    }

    @Test
    void everyEventIsDeliveredWithItsWebhookIdAcrossARestartMidDelivery() throws Exception {
        tally = start();
        MerchantId merchant = MerchantId.of("mer_restart" + UUID.randomUUID().toString().replace("-", "")
                                                                   .substring(0, 12));
        String key = tally.getBean(TestApiKeys.class).issue(Mode.TEST, merchant, ApiScope.WEBHOOKS_WRITE);
        JsonNode endpoint = createEndpoint(key, receiver.url("/slow"));
        String secret = endpoint.get("secret").asText();
        // The first sends hang: they are in flight when Tally stops.
        for (int i = 0; i < SENDERS; i++) {
            receiver.script("/slow", TestReceiver.Reply.hanging());
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(publishEvent(tally.getBean(JdbcTemplate.class), merchant));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received("/slow").size() >= SENDERS);
        Set<String> inFlightAtStop = new HashSet<>(TestReceiver.ids(receiver.received("/slow")));

        tally.close();
        tally = null;
        receiver.release();
        int receivedBeforeRestart = receiver.received("/slow").size();

        tally = start();
        JdbcTemplate jdbc = tally.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM integration.webhook_deliveries WHERE status = 'SUCCEEDED'", Integer.class)
                                                          == EVENTS);

        var all = receiver.received("/slow");
        var afterRestart = all.subList(receivedBeforeRestart, all.size());
        assertThat(new HashSet<>(TestReceiver.ids(all))).containsExactlyInAnyOrderElementsOf(events);
        // What was in flight at the stop was sent again after the restart, with the same webhook-id.
        assertThat(TestReceiver.ids(afterRestart)).containsAll(inFlightAtStop);
        assertThat(all).allMatch(r -> WebhookTestBase.verifies(r, secret));
        assertThat(jdbc.queryForList("SELECT webhook_id FROM integration.webhook_deliveries", String.class))
                .containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void aDeliveryClaimedByANodeThatDiedIsSentAgainWhenItsLeaseLapses() throws Exception {
        tally = start();
        MerchantId merchant = MerchantId.of("mer_lease" + UUID.randomUUID().toString().replace("-", "")
                                                                 .substring(0, 12));
        String key = tally.getBean(TestApiKeys.class).issue(Mode.TEST, merchant, ApiScope.WEBHOOKS_WRITE);
        JsonNode endpoint = createEndpoint(key, receiver.url("/lease"));
        JdbcTemplate jdbc = tally.getBean(JdbcTemplate.class);
        // As a node that claimed the delivery, sent nothing and died would leave it: claimed, lease still running.
        String event = publishEvent(jdbc, merchant);
        // (No row until the fan-out has run: a list, so that the wait does not end in an exception before it.)
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "SELECT status FROM integration.webhook_deliveries WHERE webhook_id = ?", String.class, event)
                                                          .equals(List.of("SUCCEEDED")));
        jdbc.update("UPDATE integration.webhook_deliveries SET status = 'PENDING', locked_until = now() + interval "
                    + "'2 seconds', next_attempt_at = now() WHERE webhook_id = ?", event);

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received("/lease").size() >= 2);
        assertThat(TestReceiver.ids(receiver.received("/lease"))).containsExactly(event, event);
        assertThat(WebhookTestBase.verifies(receiver.received("/lease").get(1), endpoint.get("secret").asText()))
                .isTrue();
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(IntegrationsApplication.class, TestApiKeys.class, TestDns.class).run(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--tally.admin.api-key=" + WebhookTestBase.ADMIN_KEY,
                "--tally.rate-limits.enabled=false",
                "--spring.datasource.hikari.maximum-pool-size=10",
                "--tally.webhooks.allow-http=true",
                "--tally.webhooks.allowlist=127.0.0.1/32",
                "--tally.webhooks.timeout=20s",
                "--tally.webhooks.claim-lease=30s",
                "--tally.webhooks.backoff-initial=50ms",
                "--tally.webhooks.backoff-max=200ms",
                "--tally.webhooks.poll-interval=100ms",
                "--tally.webhooks.senders-max=" + SENDERS);
    }

    private JsonNode createEndpoint(String key, String url) throws Exception {
        int port = ((WebServerApplicationContext) tally).getWebServer().getPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/webhook-endpoints"))
                           .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                           .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return new ObjectMapper().readTree(response.body());
    }

    private static String publishEvent(JdbcTemplate jdbc, MerchantId merchant) {
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Instant now = Instant.now();
        jdbc.update("INSERT INTO integration.events "
                    + "(event_id, merchant_id, merchant_seq, invoice_id, type, created_at, body, mode) "
                    + "VALUES (?, ?, nextval('integration.events_seq_seq'), ?, 'invoice.paid', ?, ?, 'test')",
                    eventId, merchant.value(), "inv_restart",
                    Timestamp.from(now), "{\"id\":\"" + eventId + "\",\"type\":\"invoice.paid\",\"mode\":\"test\","
                                         + "\"createdAt\":\"" + now + "\",\"data\":{\"object\":{\"id\":\"inv_restart\","
                                         + "\"object\":\"invoice\",\"status\":\"PAID\"}}}");
        return eventId;
    }
}
