package dev.tally.launcher.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real launcher on a random port with the sandbox chain (fast blocks) and a database of its own, and a merchant
 * registered for each test. The subclasses share one context.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + RunningTally.ADMIN_KEY,
                "tally.sandbox.block-interval=200ms",
                "tally.query.live.heartbeat-interval=300ms"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
abstract class RunningTally {
    static final String ADMIN_KEY = "tly_admin_browser_0123456789abcdefghijkl";
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;
    String merchantKey;
    String merchantId;

    @BeforeEach
    void registerMerchant() {
        JsonNode merchant = post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Shop " + UUID.randomUUID() + "\"}");
        merchantKey = merchant.get("testApiKey").asText();
        merchantId = merchant.get("id").asText();
    }

    String base() {
        return "http://localhost:" + port;
    }

    JsonNode createInvoice(String amount) {
        return post("/api/v1/invoices", merchantKey, "{\"amount\":\"" + amount + "\",\"asset\":\"USDT\","
                                                      + "\"chain\":\"tron\",\"orderId\":\"o-" + UUID.randomUUID() + "\"}");
    }

    JsonNode payOnSandbox(String invoiceId) {
        return post("/api/v1/sandbox/invoices/" + invoiceId + "/pay", merchantKey, "{}");
    }

    JsonNode get(String path, String key) {
        HttpResponse<String> response = send(request(path, key).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return tree(response.body());
    }

    JsonNode post(String path, String key, String body) {
        HttpResponse<String> response = send(request(path, key).header("Content-Type", "application/json")
                                                               .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
        return tree(response.body());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request;
    }

    static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }
}
