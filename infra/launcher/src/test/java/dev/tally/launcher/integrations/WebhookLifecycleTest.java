package dev.tally.launcher.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The integrator's whole story, end to end in the all-in-one launcher (dev profile, sandbox chain): an integrator with a
 * scoped key ({@code invoices:write}, {@code invoices:read}, {@code webhooks:write}) creates invoices, receives
 * correctly signed webhooks for the whole lifecycle through receiver failures and a Tally restart, and reconciles
 * them with the events API; another merchant's endpoint gets none of it.
 * <p>
 * Two Spring contexts, one per phase, on one database: the second starts on the first one's data while the receiver
 * is down, with a delivery still pending from before the restart. Signatures are checked here, from the Standard
 * Webhooks rules, not with Tally's signer.
 */
class WebhookLifecycleTest {
    private static final String ADMIN_KEY = "tly_admin_webhook_lifecycle_0123456789ab";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** What docs/integrations.md promises for an invoice paid exactly once and settled, in this order. */
    private static final List<String> LIFECYCLE = List.of("invoice.created", "invoice.payment_detected",
                                                          "invoice.confirming", "invoice.paid",
                                                          "settlement.completed", "invoice.settled");
    private static final Map<String, String> STATUS_AFTER = Map.of(
            "invoice.created", "PENDING",
            "invoice.payment_detected", "CONFIRMING",
            "invoice.confirming", "CONFIRMING",
            "invoice.paid", "PAID",
            "invoice.settled", "SETTLED");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestDatabase database;
    private ConfigurableApplicationContext tally;
    private Receiver receiver;
    private int port;

    @BeforeEach
    void setUp() {
        database = TestDatabase.create();
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() {
        try {
            if (tally != null) {
                tally.close();
            }
        } finally {
            receiver.close();
            database.close();
        }
    }

    @Test
    void aScopedIntegratorGetsEverySignedWebhookThroughFailuresAndARestartAndReconcilesWithTheEventsApi() {
        start();

        // ---- phase 1: an integrator with a scoped key; the receiver fails the first attempt of every webhook
        JsonNode merchantA = post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Integrator " + UUID.randomUUID()
                                                                  + "\"}", 201);
        String merchantIdA = merchantA.get("id").asText();
        JsonNode scopedKey = post("/api/v1/api-keys", merchantA.get("testApiKey").asText(),
                                  "{\"name\":\"ERP plugin\",\"scopes\":[\"invoices:write\",\"invoices:read\","
                                  + "\"webhooks:write\"]}", 201);
        assertThat(scopedKey.get("scopes")).extracting(JsonNode::asText)
                                           .containsExactlyInAnyOrder("invoices:write", "invoices:read",
                                                                      "webhooks:write");
        String key = scopedKey.get("apiKey").asText();
        JsonNode endpoint = post("/api/v1/webhook-endpoints", key, "{\"url\":\"" + receiver.url("/hook") + "\"}", 201);
        String secret = endpoint.get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);

        // Merchant B, with an endpoint of its own on the same receiver.
        JsonNode merchantB = post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Other " + UUID.randomUUID() + "\"}",
                                  201);
        String keyB = merchantB.get("testApiKey").asText();
        String secretB = post("/api/v1/webhook-endpoints", keyB, "{\"url\":\"" + receiver.url("/hook-b") + "\"}",
                              201).get("secret").asText();

        receiver.failFirstAttempt.set(true);
        JsonNode invoice1 = createInvoice(key, "25.00");
        JsonNode invoiceB = createInvoice(keyB, "3.00");
        post("/api/v1/sandbox/invoices/" + invoice1.get("id").asText() + "/pay", key, "{}", 202);
        awaitStatus(key, invoice1, "SETTLED");

        await().atMost(WAIT).untilAsserted(() -> assertThat(delivered("/hook", invoice1)).containsOnlyKeys(LIFECYCLE)
                                                                                        .hasSize(LIFECYCLE.size()));
        assertWebhooks("/hook", secret, invoice1, merchantIdA);
        // Every webhook was first refused with a 503 and then retried: the same webhook-id and body each time.
        for (String webhookId : receiver.webhookIds("/hook")) {
            List<Received> attempts = receiver.attempts("/hook", webhookId);
            assertThat(attempts).as("attempts of " + webhookId).hasSizeGreaterThanOrEqualTo(2);
            assertThat(attempts.get(0).status()).isEqualTo(503);
            assertThat(attempts.get(attempts.size() - 1).status()).isEqualTo(200);
            assertThat(attempts).extracting(Received::body).containsOnly(attempts.get(0).body());
        }

        // Reconcile with the events API, with the same scoped key.
        List<JsonNode> events = events(key);
        assertThat(ids(events)).containsExactlyInAnyOrderElementsOf(receiver.webhookIds("/hook"));
        assertThat(typesOf(events, invoice1)).containsExactlyElementsOf(LIFECYCLE);
        assertSameBodies(events, "/hook");

        // Merchant B's endpoint works (its own invoice.created) and gets nothing of A's.
        await().atMost(WAIT).untilAsserted(() -> assertThat(delivered("/hook-b", invoiceB)).containsKey(
                "invoice.created"));
        assertIsolated(merchantIdA, merchantB.get("id").asText(), secretB);

        // ---- phase 2: the receiver goes down; a second invoice's first webhook is pending when Tally stops
        receiver.failFirstAttempt.set(false);
        receiver.down.set(true);
        JsonNode invoice2 = createInvoice(key, "7.50");
        await().atMost(WAIT).until(() -> receiver.refusedFor("/hook", invoice2) >= 2);
        Set<String> pendingBeforeRestart = new LinkedHashSet<>();
        receiver.received("/hook").stream().filter(r -> invoiceId(r).equals(invoice2.get("id").asText()))
                .forEach(r -> pendingBeforeRestart.add(r.webhookId()));
        assertThat(pendingBeforeRestart).hasSize(1);
        tally.close();
        tally = null;
        int receivedBeforeRestart = receiver.received("/hook").size();

        // ---- phase 3: a new Tally on the same database; the receiver comes back; the second invoice is paid
        start();
        receiver.down.set(false);
        post("/api/v1/sandbox/invoices/" + invoice2.get("id").asText() + "/pay", key, "{}", 202);
        awaitStatus(key, invoice2, "SETTLED");
        await().atMost(WAIT).untilAsserted(() -> assertThat(delivered("/hook", invoice2)).containsOnlyKeys(LIFECYCLE)
                                                                                        .hasSize(LIFECYCLE.size()));
        assertWebhooks("/hook", secret, invoice2, merchantIdA);
        // The webhook pending before the restart arrived after it, with the webhook-id it had.
        List<Received> afterRestart = receiver.received("/hook").subList(receivedBeforeRestart,
                                                                          receiver.received("/hook").size());
        assertThat(afterRestart).filteredOn(r -> r.status() == 200).extracting(Received::webhookId)
                                .containsAll(pendingBeforeRestart);
        assertThat(delivered("/hook", invoice2).get("invoice.created").webhookId())
                .isEqualTo(pendingBeforeRestart.iterator().next());
        // Invoice 1's webhooks were not sent again after the restart (all had succeeded).
        assertThat(afterRestart).noneMatch(r -> invoiceId(r).equals(invoice1.get("id").asText()));

        List<JsonNode> allEvents = events(key);
        assertThat(ids(allEvents)).containsExactlyInAnyOrderElementsOf(receiver.webhookIds("/hook"));
        assertThat(allEvents).hasSize(2 * LIFECYCLE.size());
        assertThat(typesOf(allEvents, invoice1)).containsExactlyElementsOf(LIFECYCLE);
        assertThat(typesOf(allEvents, invoice2)).containsExactlyElementsOf(LIFECYCLE);
        assertSameBodies(allEvents, "/hook");
        assertIsolated(merchantIdA, merchantB.get("id").asText(), secretB);

        // Tally's deliveries log agrees: one delivery per event, all succeeded; the one pending across the restart
        // has its refused attempts from before it and the successful one after.
        String deliveries = "/api/v1/webhook-endpoints/" + endpoint.get("id").asText() + "/deliveries?limit=100";
        await().atMost(WAIT).untilAsserted(() -> assertThat(get(deliveries, key).get("data"))
                .allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("SUCCEEDED")));
        Map<String, JsonNode> log = new TreeMap<>();
        get(deliveries, key).get("data").forEach(d -> log.put(d.get("webhookId").asText(), d));
        assertThat(log.keySet()).containsExactlyInAnyOrderElementsOf(ids(allEvents));
        JsonNode crossed = get(deliveries.replace("?limit=100", "/")
                               + log.get(pendingBeforeRestart.iterator().next()).get("id").asText(), key);
        List<JsonNode> attemptLog = new ArrayList<>();
        crossed.get("attemptLog").forEach(attemptLog::add);
        assertThat(attemptLog).hasSizeGreaterThanOrEqualTo(3);
        assertThat(attemptLog.subList(0, attemptLog.size() - 1))
                .allSatisfy(a -> assertThat(a.get("outcome").asText()).isEqualTo("RETRY"));
        assertThat(attemptLog.get(attemptLog.size() - 1).get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(attemptLog.get(attemptLog.size() - 1).get("responseCode").asInt()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ assertions

    /** Every request to {@code path} for the invoice: signed with the secret, id = body id, the invoice's object. */
    private void assertWebhooks(String path, String secret, JsonNode invoice, String merchantId) {
        String invoiceId = invoice.get("id").asText();
        List<Received> requests = receiver.received(path).stream().filter(r -> invoiceId(r).equals(invoiceId))
                                          .toList();
        assertThat(requests).isNotEmpty();
        for (Received request : requests) {
            assertThat(verifies(request, secret)).as("signature of " + request).isTrue();
            assertThat(request.header("content-type")).startsWith("application/json");
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            assertThat(Math.abs(request.at().getEpochSecond() - timestamp)).as("timestamp").isLessThan(300);
            JsonNode body = tree(request.body());
            assertThat(request.webhookId()).startsWith("evt_").isEqualTo(body.get("id").asText());
            JsonNode object = body.at("/data/object");
            String type = body.get("type").asText();
            if (type.equals("settlement.completed")) {
                assertThat(object.get("object").asText()).isEqualTo("settlement");
                assertThat(object.get("invoiceId").asText()).isEqualTo(invoiceId);
                assertThat(object.get("merchantId").asText()).isEqualTo(merchantId);
                assertThat(object.get("status").asText()).isEqualTo("COMPLETED");
                assertThat(object.get("gross").asText()).isEqualTo(invoice.get("amount").asText());
                assertThat(new BigDecimal(object.get("fee").asText())
                                   .add(new BigDecimal(object.get("net").asText())))
                        .isEqualByComparingTo(object.get("gross").asText());
            } else {
                assertThat(object.get("object").asText()).isEqualTo("invoice");
                assertThat(object.get("id").asText()).isEqualTo(invoiceId);
                assertThat(object.get("merchantId").asText()).isEqualTo(merchantId);
                assertThat(object.get("amount").asText()).isEqualTo(invoice.get("amount").asText());
                assertThat(object.get("status").asText()).as(type).isEqualTo(STATUS_AFTER.get(type));
            }
            if (type.equals("invoice.paid") || type.equals("invoice.settled")) {
                assertThat(object.get("amountPaid").asText()).isEqualTo(invoice.get("amount").asText());
            }
        }
    }

    /** The body of each event in the events API is the one its webhooks carried, byte for byte once parsed. */
    private void assertSameBodies(List<JsonNode> events, String path) {
        for (JsonNode event : events) {
            List<Received> attempts = receiver.attempts(path, event.get("id").asText());
            assertThat(attempts).as(event.get("id").asText()).isNotEmpty();
            assertThat(tree(attempts.get(0).body())).isEqualTo(event);
        }
    }

    /** Merchant B's endpoint got only B's events (signed with B's secret), A's endpoint none of B's. */
    private void assertIsolated(String merchantA, String merchantB, String secretB) {
        List<Received> toB = receiver.received("/hook-b");
        assertThat(toB).isNotEmpty();
        for (Received request : toB) {
            assertThat(merchantOf(request)).isEqualTo(merchantB);
            assertThat(verifies(request, secretB)).isTrue();
        }
        assertThat(receiver.received("/hook")).allSatisfy(r -> assertThat(merchantOf(r)).isEqualTo(merchantA));
        Set<String> idsToB = Set.copyOf(receiver.webhookIds("/hook-b"));
        assertThat(receiver.webhookIds("/hook")).doesNotContainAnyElementsOf(idsToB);
    }

    /**
     * An independent verifier, from the Standard Webhooks rules: HMAC-SHA256 with the base64-decoded secret over
     * {@code id.timestamp.body}, base64, compared in constant time with each {@code v1,} entry.
     */
    private static boolean verifies(Received request, String secret) {
        String signature = request.header("webhook-signature");
        if (signature == null || request.webhookId() == null || request.header("webhook-timestamp") == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                                       "HmacSHA256"));
            mac.update((request.webhookId() + "." + request.header("webhook-timestamp") + ".")
                               .getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(request.rawBody());
            for (String entry : signature.split(" ")) {
                if (entry.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ Tally

    private void start() {
        tally = new SpringApplicationBuilder(TallyApplication.class).run(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--tally.admin.api-key=" + ADMIN_KEY,
                "--tally.rate-limits.enabled=false",
                "--tally.sandbox.enabled=true",
                "--tally.sandbox.block-interval=200ms",
                // What the dev profile sets, explicitly: plain http to a loopback receiver.
                "--tally.webhooks.allow-http=true",
                "--tally.webhooks.allowlist=127.0.0.1/32",
                // Fast retries for the test.
                "--tally.webhooks.timeout=5s",
                "--tally.webhooks.claim-lease=10s",
                "--tally.webhooks.backoff-initial=50ms",
                "--tally.webhooks.backoff-max=300ms",
                "--tally.webhooks.poll-interval=100ms");
        port = ((WebServerApplicationContext) tally).getWebServer().getPort();
    }

    private JsonNode createInvoice(String key, String amount) {
        JsonNode invoice = post("/api/v1/invoices", key, "{\"amount\":\"" + amount + "\",\"asset\":\"USDT\","
                                                         + "\"chain\":\"tron\",\"orderId\":\"o-" + UUID.randomUUID()
                                                         + "\"}", 201);
        assertThat(invoice.get("status").asText()).isEqualTo("PENDING");
        return invoice;
    }

    private void awaitStatus(String key, JsonNode invoice, String status) {
        await().atMost(WAIT).until(() -> get("/api/v1/invoices/" + invoice.get("id").asText(), key)
                .get("status").asText().equals(status));
    }

    /** Every event of the key's merchant, from the events API, oldest first. */
    private List<JsonNode> events(String key) {
        JsonNode page = get("/api/v1/events?limit=100", key);
        assertThat(page.get("hasMore").asBoolean()).isFalse();
        List<JsonNode> events = new ArrayList<>();
        page.get("data").forEach(events::add);
        return events;
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.get("id").asText()).toList();
    }

    private static List<String> typesOf(List<JsonNode> events, JsonNode invoice) {
        return events.stream().filter(e -> invoiceId(e).equals(invoice.get("id").asText()))
                     .map(e -> e.get("type").asText()).toList();
    }

    /** The successful deliveries to {@code path} for the invoice, by event type (a type twice fails the test). */
    private Map<String, Received> delivered(String path, JsonNode invoice) {
        Map<String, Received> byType = new TreeMap<>();
        Map<String, String> idByType = new TreeMap<>();
        for (Received request : receiver.received(path)) {
            if (request.status() != 200 || !invoiceId(request).equals(invoice.get("id").asText())) {
                continue;
            }
            String type = tree(request.body()).get("type").asText();
            String earlier = idByType.putIfAbsent(type, request.webhookId());
            assertThat(earlier == null || earlier.equals(request.webhookId()))
                    .as("one webhook-id per type: " + type).isTrue();
            byType.putIfAbsent(type, request);
        }
        return byType;
    }

    private static String invoiceId(Received request) {
        return invoiceId(tree(request.body()));
    }

    private static String invoiceId(JsonNode event) {
        JsonNode object = event.at("/data/object");
        return "settlement".equals(object.path("object").asText()) ? object.path("invoiceId").asText()
                                                                    : object.path("id").asText();
    }

    private static String merchantOf(Received request) {
        return tree(request.body()).at("/data/object/merchantId").asText();
    }

    private JsonNode get(String path, String key) {
        HttpResponse<String> response = send(request(path, key).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return tree(response.body());
    }

    private JsonNode post(String path, String key, String body, int expectedStatus) {
        HttpResponse<String> response = send(request(path, key).header("Content-Type", "application/json")
                                                               .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
        return tree(response.body());
    }

    private HttpRequest.Builder request(String path, String key) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                          .header("Authorization", "Bearer " + key);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    // ------------------------------------------------------------------ the receiver

    /** One request as received: when, its headers (lower-case names), raw body, and what it was answered. */
    record Received(Instant at, String path, Map<String, String> headers, byte[] rawBody, int status) {
        String header(String name) {
            return headers.get(name);
        }

        String webhookId() {
            return header("webhook-id");
        }

        String body() {
            return new String(rawBody, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return path + " " + status + " " + headers + " " + body();
        }
    }

    /**
     * A webhook receiver on 127.0.0.1 (JDK HttpServer) that records every request. {@code failFirstAttempt}: the
     * first request of each webhook-id gets a 503. {@code down}: every request is dropped without an answer (the
     * connection is closed), as a receiver that is not there.
     */
    static final class Receiver implements AutoCloseable {
        final AtomicBoolean failFirstAttempt = new AtomicBoolean();
        final AtomicBoolean down = new AtomicBoolean();
        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final Set<String> seen = ConcurrentHashMap.newKeySet();

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        private void handle(HttpExchange exchange) {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(),
                                                                                    String.join(",", values)));
                String webhookId = headers.get("webhook-id");
                int status;
                if (down.get()) {
                    status = -1; // no answer: the connection is closed
                } else if (failFirstAttempt.get() && seen.add(path + " " + webhookId)) {
                    status = 503;
                } else {
                    seen.add(path + " " + webhookId);
                    status = 200;
                }
                received.add(new Received(Instant.now(), path, Map.copyOf(headers), body, status));
                if (status > 0) {
                    byte[] out = (status == 200 ? "ok" : "busy").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, out.length);
                    exchange.getResponseBody().write(out);
                }
            } catch (IOException e) {
                // the sender went away
            }
        }

        List<Received> received(String path) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }

        List<Received> attempts(String path, String webhookId) {
            return received(path).stream().filter(r -> webhookId.equals(r.webhookId())).toList();
        }

        /** The distinct webhook-ids received at {@code path}, in the order they first arrived. */
        List<String> webhookIds(String path) {
            return List.copyOf(new LinkedHashSet<>(received(path).stream().map(Received::webhookId).toList()));
        }

        long refusedFor(String path, JsonNode invoice) {
            return received(path).stream().filter(r -> r.status() < 0)
                                 .filter(r -> invoiceId(r).equals(invoice.get("id").asText())).count();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
