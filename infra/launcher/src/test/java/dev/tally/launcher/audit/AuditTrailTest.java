package dev.tally.launcher.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.CreateInvoice;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.mode.Mode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who did what, end to end in the all-in-one launcher: the events of an invoice created over HTTP, of a chain
 * payment (in-process port and the sandbox chain) and of the saga-driven settlement carry correlation id, causation
 * id and principal; the causal chain from a transfer to its settlement shares one correlation id. The auditor's API
 * then shows that history, and the hash chain over it verifies.
 */
@LauncherWithAudit
class AuditTrailTest {
    static final String ADMIN_KEY = LauncherWithAudit.ADMIN_KEY;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ChainObservationPort observations;
    @Autowired
    CommandGateway commands;

    private final HttpClient http = HttpClient.newHttpClient();
    String merchantId;
    String merchantKey;

    @BeforeEach
    void registerMerchant() {
        JsonNode merchant = send("POST", "/api/v1/merchants", ADMIN_KEY,
                                 "{\"name\":\"Audited " + UUID.randomUUID() + "\"}", Map.of());
        merchantId = merchant.get("id").asText();
        merchantKey = merchant.get("testApiKey").asText();
    }

    @Test
    void everyEventSaysWhoCausedItAndTheSettlementSharesThePaymentsCorrelation() {
        // The merchant was registered by the admin.
        Map<String, JsonNode> merchantEvents = metadataByType(merchantId);
        assertThat(merchantEvents.get("MerchantRegistered").get("principal").asText()).isEqualTo("admin");

        // An invoice created over HTTP with the client's correlation id, by the merchant's key.
        String correlation = "order-checkout-" + hex(6);
        JsonNode invoice = send("POST", "/api/v1/invoices", merchantKey,
                                "{\"amount\":\"9.99\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"o-" + hex(4) + "\"}",
                                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "X-Correlation-Id", correlation));
        String invoiceId = invoice.get("id").asText();
        String apiKeyId = jdbc.queryForObject("SELECT api_key_id FROM command.api_keys WHERE merchant_id = ? "
                                              + "AND prefix LIKE 'tly_test_%'", String.class, merchantId);
        JsonNode created = metadataByType(invoiceId).get("InvoiceCreated");
        assertThat(created.get("principal").asText()).isEqualTo("key:" + apiKeyId);
        assertThat(created.get("correlationId").asText()).isEqualTo(correlation);
        assertThat(created.get("causationId").asText()).isNotBlank().isNotEqualTo(correlation);

        // A chain transfer through the in-process observation port, then the sagas take over.
        String tx = hex(32);
        observations.accept(new TransferObserved(Chain.TRON, tx, 0, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TCustomer",
                invoice.get("depositAddress").asText(), TokenAmount.parse("9.99", Asset.USDT), 700L, "block-" + tx,
                Instant.now()));
        String settlementId = "stl_" + invoiceId.substring(4);
        await().atMost(PATIENCE).until(() -> metadataByType(invoiceId).containsKey("InvoiceSettled"));

        Map<String, JsonNode> payment = metadataByType("tron:" + tx + ":0");
        JsonNode detected = payment.get("PaymentDetected");
        assertThat(detected.get("principal").asText()).isEqualTo("chain:tron:" + tx);
        String paymentCorrelation = detected.get("correlationId").asText();
        assertThat(paymentCorrelation).isNotBlank().isNotEqualTo(correlation);
        assertThat(payment.get("PaymentConfirmed").get("correlationId").asText()).isEqualTo(paymentCorrelation);

        Map<String, JsonNode> invoiceEvents = metadataByType(invoiceId);
        JsonNode applied = invoiceEvents.get("InvoicePaymentConfirmed");
        assertThat(applied.get("principal").asText()).isEqualTo("saga:PaymentConfirmationSaga");
        assertThat(applied.get("correlationId").asText()).isEqualTo(paymentCorrelation);
        JsonNode paid = invoiceEvents.get("InvoicePaid");
        assertThat(paid.get("correlationId").asText()).isEqualTo(paymentCorrelation);

        Map<String, JsonNode> settlement = metadataByType(settlementId);
        for (String type : new String[]{"SettlementCreated", "SettlementCompleted"}) {
            assertThat(settlement.get(type).get("principal").asText()).as(type).isEqualTo("saga:InvoiceSettlementSaga");
            assertThat(settlement.get(type).get("correlationId").asText()).as(type).isEqualTo(paymentCorrelation);
            assertThat(settlement.get(type).get("causationId").asText()).as(type)
                    .isNotBlank().isNotEqualTo(paymentCorrelation);
        }
        JsonNode settled = invoiceEvents.get("InvoiceSettled");
        assertThat(settled.get("principal").asText()).isEqualTo("saga:InvoiceSettlementSaga");
        assertThat(settled.get("correlationId").asText()).isEqualTo(paymentCorrelation);

        // The auditor's view of the same history, and the hash chain over everything stored so far.
        JsonNode history = send("GET", "/api/v1/audit/invoices/" + invoiceId + "/events", ADMIN_KEY, null, Map.of());
        assertThat(history.get(0).get("metadata").get("principal").asText()).isEqualTo("key:" + apiKeyId);
        JsonNode state = send("GET", "/api/v1/audit/invoices/" + invoiceId + "/state", merchantKey, null, Map.of());
        assertThat(state.get("state").get("status").asText()).isEqualTo("SETTLED");
        long head = jdbc.queryForObject("SELECT max(global_index) FROM eventstore.domain_event_entry", Long.class);
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT coalesce(max(global_index), 0) FROM audit.hash_links", Long.class) >= head);
        JsonNode verification = send("POST", "/api/v1/audit/verify", ADMIN_KEY, null, Map.of());
        assertThat(verification.get("intact").asBoolean()).as(verification.toString()).isTrue();
    }

    @Test
    void aSandboxPaymentIsRecordedAsTheChainsDoing() {
        JsonNode invoice = send("POST", "/api/v1/invoices", merchantKey,
                                "{\"amount\":\"5\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"s-" + hex(4) + "\"}",
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        String invoiceId = invoice.get("id").asText();
        JsonNode transfer = send("POST", "/api/v1/sandbox/invoices/" + invoiceId + "/pay", merchantKey, "{}", Map.of());
        String paymentId = transfer.get("paymentId").asText();
        await().atMost(PATIENCE).until(() -> metadataByType(paymentId).containsKey("PaymentDetected"));
        JsonNode detected = metadataByType(paymentId).get("PaymentDetected");
        assertThat(detected.get("principal").asText())
                .isEqualTo("chain:" + paymentId.substring(0, paymentId.lastIndexOf(':')));
    }

    @Test
    void anExpiryIsTheDeadlinesDoingInTheCausalChainOfTheInvoicesCreation() {
        InvoiceId id = InvoiceId.of("inv_" + hex(10));
        commands.sendAndWait(new CreateInvoice(id, MerchantId.of(merchantId), TokenAmount.parse("1", Asset.USDT),
                                               Chain.TRON, "expiring", null, Map.of(), Duration.ofSeconds(1),
                                               Mode.TEST));
        await().atMost(PATIENCE).until(() -> metadataByType(id.value()).containsKey("InvoiceExpired"));
        Map<String, JsonNode> events = metadataByType(id.value());
        assertThat(events.get("InvoiceCreated").get("principal").asText()).isEqualTo("system");
        JsonNode expired = events.get("InvoiceExpired");
        assertThat(expired.get("principal").asText()).isEqualTo("deadline:invoice-expiry");
        assertThat(expired.get("correlationId").asText())
                .isEqualTo(events.get("InvoiceCreated").get("correlationId").asText());
        assertThat(expired.get("causationId").asText())
                .isNotEqualTo(events.get("InvoiceCreated").get("causationId").asText());
    }

    // ---------------------------------------------------------------- helpers

    /** The stored metadata of each event of one aggregate, by simple event type (the last of each type). */
    private Map<String, JsonNode> metadataByType(String aggregateId) {
        Map<String, JsonNode> byType = new LinkedHashMap<>();
        jdbc.query("SELECT payload_type, meta_data FROM eventstore.domain_event_entry WHERE aggregate_identifier = ? "
                   + "ORDER BY sequence_number", rs -> {
            String type = rs.getString("payload_type");
            try {
                byType.put(type.substring(type.lastIndexOf('.') + 1), JSON.readTree(rs.getBytes("meta_data")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, aggregateId);
        return byType;
    }

    private JsonNode send(String method, String path, String key, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                                 .timeout(Duration.ofSeconds(30))
                                                 .header("Content-Type", "application/json")
                                                 .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                                                              : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
