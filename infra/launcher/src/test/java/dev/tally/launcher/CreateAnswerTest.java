package dev.tally.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Creating an invoice is answered from its creation event, without waiting for any view; reading it by id right
 * away still finds it, even while the invoice view is stopped, and only its owner in its mode does. A client that
 * wants every view (lists) to show it first says {@code Prefer: read-your-writes}.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tally.admin.api-key=" + CreateAnswerTest.ADMIN_KEY)
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class CreateAnswerTest {
    static final String ADMIN_KEY = "tly_admin_create_answer_0123456789abcdef";
    private static final String INVOICE_VIEWS = "invoice-views";

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void theAnswerNeedsNoViewAndAReadByIdFindsTheInvoiceBeforeItsViewDoes() {
        HttpApi api = new HttpApi(port);
        JsonNode merchant = register(api);
        String key = merchant.get("testApiKey").asText();
        EventProcessor invoiceViews = processing.eventProcessor(INVOICE_VIEWS).orElseThrow();

        invoiceViews.shutDown();
        try {
            HttpApi.Answer created = api.post("/api/v1/invoices", key, body("order-1"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.header("Preference-Applied")).isNull();
            String id = created.json().get("id").asText();

            HttpApi.Answer read = api.get("/api/v1/invoices/" + id, key);
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(read.json().get("status").asText()).isEqualTo("PENDING");
            assertThat(read.json().get("depositAddress")).isEqualTo(created.json().get("depositAddress"));
            assertThat(read.json().get("mode").asText()).isEqualTo("test");
            // The list is a view, and that view is stopped.
            assertThat(api.get("/api/v1/invoices", key).json().get("items").toString()).doesNotContain(id);

            // Only its owner, in its mode, reads it.
            assertThat(api.get("/api/v1/invoices/" + id, merchant.get("apiKey").asText()).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/invoices/" + id, register(api).get("testApiKey").asText()).status())
                    .isEqualTo(404);
            // The customer's page waits for its own view, which runs.
            assertThat(api.get("/api/v1/public/invoices/" + id, null).status()).isEqualTo(200);
        } finally {
            invoiceViews.start();
        }
    }

    @Test
    void aClientThatPrefersReadYourWritesIsAnsweredOnceTheListsShowTheInvoice() {
        HttpApi api = new HttpApi(port);
        String key = register(api).get("testApiKey").asText();
        String first = api.post("/api/v1/invoices", key, body("order-a")).json().get("id").asText();
        // The view is running and has caught up.
        await().atMost(Duration.ofSeconds(30))
               .until(() -> api.get("/api/v1/invoices", key).json().get("items").toString().contains(first));

        HttpApi.Answer created = api.send(api.request("/api/v1/invoices", key)
                                             .header("Content-Type", "application/json")
                                             .header("Prefer", "read-your-writes")
                                             .POST(HttpRequest.BodyPublishers.ofString(body("order-b"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Preference-Applied")).isEqualTo("read-your-writes");
        String id = created.json().get("id").asText();
        assertThat(api.get("/api/v1/invoices", key).json().get("items").toString()).contains(id);
    }

    private static JsonNode register(HttpApi api) {
        return api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Shop " + UUID.randomUUID() + "\"}").json();
    }

    private static String body(String orderId) {
        return HttpApi.json(Map.of("amount", "12.50", "asset", "USDT", "chain", "tron", "orderId", orderId));
    }
}
