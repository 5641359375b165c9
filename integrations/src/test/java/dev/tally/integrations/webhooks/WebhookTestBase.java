package dev.tally.integrations.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.integrations.IntegrationsApplication;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.platform.test.FreshDatabaseInitializer;
import dev.tally.platform.test.TestApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The integrations module alone on a PostgreSQL database of its own, over real HTTP, with receivers on loopback
 * (allowlisted: 127.0.0.1/32 only) and short timeouts and backoff so that retries happen within a test.
 */
@SpringBootTest(classes = IntegrationsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + WebhookTestBase.ADMIN_KEY,
                "tally.security.api-key-cache.ttl=0",
                "tally.rate-limits.enabled=false",
                "spring.datasource.hikari.maximum-pool-size=10",
                "tally.webhooks.allow-http=true",
                "tally.webhooks.allowlist=127.0.0.1/32",
                "tally.webhooks.timeout=1s",
                "tally.webhooks.claim-lease=3s",
                "tally.webhooks.backoff-initial=50ms",
                "tally.webhooks.backoff-max=200ms",
                "tally.webhooks.poll-interval=100ms"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@Import({TestApiKeys.class, TestDns.class})
public abstract class WebhookTestBase {
    public static final String ADMIN_KEY = "tly_admin_webhooks_test_0123456789abcdef";
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected TestApiKeys apiKeys;

    protected final HttpClient http = HttpClient.newHttpClient();
    protected final TestReceiver receiver = new TestReceiver();

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    protected record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    protected static MerchantId newMerchant() {
        return MerchantId.of("mer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    }

    protected String merchantKey(MerchantId merchant) {
        return apiKeys.issue(Mode.TEST, merchant, ApiScope.ALL_MERCHANT.toArray(String[]::new));
    }

    /** A webhook endpoint of the key's merchant, as created: {@code id} and {@code secret}. */
    protected JsonNode createEndpoint(String key, String url, String... eventTypes) {
        StringBuilder types = new StringBuilder();
        for (String type : eventTypes) {
            types.append(types.isEmpty() ? "" : ",").append('"').append(type).append('"');
        }
        Answer answer = post("/api/v1/webhook-endpoints", key,
                             "{\"url\":\"" + url + "\",\"eventTypes\":[" + types + "]}");
        if (answer.status() != 201) {
            throw new AssertionError("endpoint not created: " + answer);
        }
        return answer.json();
    }

    /**
     * Writes an integration event as the events engineer's processor does (the contract of integration.events): the
     * exact JSON body a receiver gets. Returns its event id.
     */
    protected String publishEvent(MerchantId merchant, String type) {
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        String invoiceId = "inv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String body = "{\"id\":\"" + eventId + "\",\"type\":\"" + type + "\",\"mode\":\"test\",\"createdAt\":\""
                      + createdAt + "\",\"data\":{\"object\":{\"id\":\"" + invoiceId + "\",\"object\":\"invoice\","
                      + "\"merchantId\":\"" + merchant.value() + "\",\"status\":\"PAID\",\"amount\":\"25.000000\","
                      + "\"asset\":\"USDT\",\"chain\":\"TRON\",\"orderId\":\"order-1 \\u00e9\\u20ac\","
                      + "\"depositAddress\":\"TJRabPrwbZy45sbavfcjinPJC18kjpRTv8\",\"amountPaid\":\"25.000000\","
                      + "\"metadata\":{\"note\":\"Ünïcödé ✓\"}}}}";
        // A test-mode event, as the endpoints of these tests are (their keys are test keys: receivers on loopback).
        jdbc.update("INSERT INTO integration.events "
                    + "(event_id, merchant_id, merchant_seq, invoice_id, type, created_at, body, mode) "
                    + "VALUES (?, ?, nextval('integration.events_seq_seq'), ?, ?, ?, ?, 'test')",
                    eventId, merchant.value(), invoiceId, type, Timestamp.from(createdAt), body);
        return eventId;
    }

    protected String eventBody(String eventId) {
        return jdbc.queryForObject("SELECT body FROM integration.events WHERE event_id = ?", String.class, eventId);
    }

    /**
     * An independent verifier, written from the Standard Webhooks spec rather than from our signer: HMAC-SHA256 of
     * {@code id.timestamp.body} with the base64-decoded secret, compared in constant time with each v1 entry.
     */
    protected static boolean verifies(TestReceiver.Received request, String secret) {
        try {
            String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "."
                            + request.body();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                                       "HmacSHA256"));
            byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
            for (String entry : request.header("webhook-signature").split(" ")) {
                if (entry.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(entry.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    protected Answer get(String path, String key) {
        return send(request(path, key).GET());
    }

    protected Answer post(String path, String key, String body) {
        return send(request(path, key).header("Content-Type", "application/json")
                                      .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                                                         : HttpRequest.BodyPublishers.ofString(body)));
    }

    protected Answer patch(String path, String key, String body) {
        return send(request(path, key).header("Content-Type", "application/json")
                                      .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    protected Answer delete(String path, String key) {
        return send(request(path, key).DELETE());
    }

    private HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                                 .timeout(Duration.ofSeconds(60));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
