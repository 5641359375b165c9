package dev.tally.launcher.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.launcher.TallyApplication;
import dev.tally.launcher.security.SecurityHttp.Answer;
import dev.tally.platform.test.FreshDatabaseInitializer;
import dev.tally.watcher.sandbox.SandboxChain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.tally.launcher.security.SecurityHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live and test modes cannot leak into each other (the isolation walk over every operation is in
 * {@link TenantIsolationTest}). The launcher watches a real Tron chain here (its xpub configured;
 * the node is never reached, so nothing is ever paid on it) and has test mode on: a live key creates live invoices on
 * Tron only, a test key test invoices paid on the sandbox chain. Each key sees, cancels and pays only its own mode's
 * invoices, idempotency keys are per mode, a test key cannot create a live key, and a sandbox transfer to a live
 * invoice's address — sent past the API, as an attacker with the chain would — is never reported.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {SecurityTests.ADMIN_KEY_PROPERTY, SecurityTests.SMALL_POOL,
                      "tally.chains.tron.endpoints[0].url=127.0.0.1:1",
                      "tally.chains.tron.xpub=" + SecurityTests.TRON_XPUB,
                      "tally.sandbox.block-interval=200ms", "tally.sandbox.lease=2s"})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class ModeIsolationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String USDT_TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";

    @LocalServerPort
    int port;
    @Autowired
    SandboxChain sandbox;
    @Autowired
    ChainObservationPort observations;

    private SecurityHttp api;
    private String liveKey;
    private String testKey;

    @BeforeEach
    void registerMerchant() {
        api = new SecurityHttp(port);
        JsonNode merchant = api.post("/api/v1/merchants", SecurityTests.ADMIN_KEY,
                                     "{\"name\":\"Modes " + UUID.randomUUID() + "\"}").json();
        liveKey = merchant.get("apiKey").asText();
        testKey = merchant.get("testApiKey").asText();
        assertThat(liveKey).startsWith("tly_live_");
        assertThat(testKey).startsWith("tly_test_");
    }

    private JsonNode invoice(String key, String chain, String orderId) {
        Answer created = api.post("/api/v1/invoices", key, body(chain, orderId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static String body(String chain, String orderId) {
        return "{\"amount\":\"10\",\"asset\":\"USDT\",\"chain\":\"" + chain + "\",\"orderId\":\"" + orderId + "\"}";
    }

    @Test
    void eachKeySeesAndCancelsOnlyItsOwnModesInvoices() {
        JsonNode live = invoice(liveKey, "tron", "live-order");
        JsonNode test = invoice(testKey, "tron", "test-order");
        assertThat(live.get("mode").asText()).isEqualTo("live");
        assertThat(test.get("mode").asText()).isEqualTo("test");
        String liveId = live.get("id").asText();
        String testId = test.get("id").asText();

        assertThat(api.get("/api/v1/invoices/" + liveId, liveKey).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/invoices/" + testId, testKey).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/invoices/" + liveId, testKey), 404, "not-found");
        assertProblem(api.get("/api/v1/invoices/" + testId, liveKey), 404, "not-found");
        assertProblem(api.post("/api/v1/invoices/" + liveId + "/cancel", testKey, null), 404, "not-found");
        assertProblem(api.post("/api/v1/invoices/" + testId + "/cancel", liveKey, null), 404, "not-found");
        assertThat(api.get("/api/v1/invoices", liveKey).json().get("items"))
                .extracting(i -> i.get("id").asText()).containsExactly(liveId);
        assertThat(api.get("/api/v1/invoices", testKey).json().get("items"))
                .extracting(i -> i.get("id").asText()).containsExactly(testId);
        assertThat(api.get("/api/v1/invoices/" + liveId, liveKey).json().get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void anIdempotencyKeyIsPerMode() {
        Answer live = api.post("/api/v1/invoices", liveKey, body("tron", "same-order"), "same-key");
        Answer test = api.post("/api/v1/invoices", testKey, body("tron", "same-order"), "same-key");

        assertThat(live.status()).as(live.body()).isEqualTo(201);
        assertThat(test.status()).as(test.body()).isEqualTo(201);
        assertThat(test.json().get("id").asText()).isNotEqualTo(live.json().get("id").asText());
        assertThat(test.json().get("mode").asText()).isEqualTo("test");
        assertThat(api.post("/api/v1/invoices", testKey, body("tron", "same-order"), "same-key")
                      .json().get("id").asText()).isEqualTo(test.json().get("id").asText());
    }

    @Test
    void liveInvoicesOnlyOnAChainWatchedForRealAndTestInvoicesOnEvery() {
        Answer refused = api.post("/api/v1/invoices", liveKey, body("ethereum", "live-eth"));
        assertProblem(refused, 422, "rule-violation");
        assertThat(refused.json().get("detail").asText()).contains("live invoices on ethereum are not set up")
                                                         .contains("tly_test_");
        assertThat(api.get("/api/v1/invoices", liveKey).json().get("items")).isEmpty();

        assertThat(invoice(testKey, "ethereum", "test-eth").get("depositAddress").asText()).startsWith("0x");
    }

    @Test
    void theSandboxTakesOnlyTestKeysAndPaysOnlyTestInvoices() {
        String liveId = invoice(liveKey, "tron", "live-unpaid").get("id").asText();
        String testId = invoice(testKey, "tron", "test-paid").get("id").asText();

        Answer withLiveKey = api.post("/api/v1/sandbox/invoices/" + liveId + "/pay", liveKey, "{}");
        assertProblem(withLiveKey, 403, "forbidden");
        assertThat(withLiveKey.json().get("detail").asText()).contains("test keys");
        assertProblem(api.post("/api/v1/sandbox/invoices/" + liveId + "/pay", testKey, "{}"), 404, "not-found");

        assertThat(api.post("/api/v1/sandbox/invoices/" + testId + "/pay", testKey, "{}").status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> api.get("/api/v1/invoices/" + testId, testKey).json()
                                                .get("status").asText().equals("SETTLED"));
        assertThat(api.get("/api/v1/invoices/" + liveId, liveKey).json().get("status").asText()).isEqualTo("PENDING");
    }

    /** The twin of the refusals above: the sandbox chain itself carries a transfer to a live invoice's address. */
    @Test
    void aSandboxTransferToALiveInvoicesAddressIsNeverReported() {
        JsonNode live = invoice(liveKey, "tron", "live-target");
        JsonNode test = invoice(testKey, "tron", "test-witness");
        TokenAmount ten = TokenAmount.parse("10", Asset.USDT);

        // Both in the same next block: once the test invoice is paid, that block has been scanned.
        sandbox.submit(Chain.TRON, live.get("depositAddress").asText(), ten);
        sandbox.submit(Chain.TRON, test.get("depositAddress").asText(), ten);
        await().atMost(PATIENCE).until(() -> !api.get("/api/v1/invoices/" + test.get("id").asText(), testKey).json()
                                                 .get("status").asText().equals("PENDING"));

        JsonNode after = api.get("/api/v1/invoices/" + live.get("id").asText(), liveKey).json();
        assertThat(after.get("status").asText()).isEqualTo("PENDING");
        assertThat(after.get("payments")).isEmpty();
    }

    /**
     * A settled test invoice shows in the test mode's settlements, balances, events, webhooks, dashboard, reports and
     * payment page, and in none of the live mode's; a live payment beside it is booked apart, and the platform's fee
 * revenue is live money only.
     */
    @Test
    void aSettledTestInvoiceShowsOnlyInTheTestModesViewsAndLiveMoneyIsKeptApart() {
        String revenueBefore = platformRevenue();
        Answer liveEndpoint = api.post("/api/v1/webhook-endpoints", liveKey,
                                       "{\"url\":\"http://127.0.0.1:9/live-" + UUID.randomUUID() + "\"}");
        assertProblem(liveEndpoint, 400, "invalid-request");
        assertThat(liveEndpoint.body()).contains("https");
        JsonNode testEndpoint = api.post("/api/v1/webhook-endpoints", testKey,
                                         "{\"url\":\"http://127.0.0.1:9/test-" + UUID.randomUUID() + "\"}").json();
        assertThat(testEndpoint.get("mode").asText()).isEqualTo("test");
        assertThat(api.get("/api/v1/webhook-endpoints", liveKey).json().get("data")).isEmpty();

        String liveId = invoice(liveKey, "tron", "live-open").get("id").asText();
        String testId = invoice(testKey, "tron", "test-settled").get("id").asText();
        assertThat(api.post("/api/v1/sandbox/invoices/" + testId + "/pay", testKey, "{}").status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> api.get("/api/v1/events?type=invoice.settled", testKey).json()
                                                .get("data").size() == 1);

        JsonNode testSettlements = api.get("/api/v1/settlements", testKey).json().get("items");
        assertThat(testSettlements).singleElement().satisfies(stl -> {
            assertThat(stl.get("invoiceId").asText()).isEqualTo(testId);
            assertThat(stl.get("mode").asText()).isEqualTo("test");
        });
        assertThat(api.get("/api/v1/settlements", liveKey).json().get("items")).isEmpty();
        assertProblem(api.get("/api/v1/settlements/" + testSettlements.get(0).get("id").asText(), liveKey), 404,
                      "not-found");

        String testAvailable = await().atMost(PATIENCE).until(() -> available(testKey), a -> !a.equals("0.00"));
        assertThat(testAvailable).isEqualTo("9.90"); // 10 less the 1 % fee
        assertThat(available(liveKey)).isEqualTo("0.00");
        assertThat(platformRevenue()).isEqualTo(revenueBefore);

        JsonNode liveEvents = api.get("/api/v1/events", liveKey).json().get("data");
        assertThat(liveEvents).singleElement().satisfies(e -> {
            assertThat(e.get("type").asText()).isEqualTo("invoice.created");
            assertThat(e.get("mode").asText()).isEqualTo("live");
            assertThat(e.get("data").get("object").get("id").asText()).isEqualTo(liveId);
        });
        assertThat(api.get("/api/v1/events", testKey).json().get("data"))
                .allSatisfy(e -> assertThat(e.get("mode").asText()).isEqualTo("test"))
                .noneSatisfy(e -> assertThat(e.toString()).contains(liveId));
        String deliveries = "/api/v1/webhook-endpoints/" + testEndpoint.get("id").asText() + "/deliveries";
        await().atMost(PATIENCE).until(() -> api.get(deliveries, testKey).json().get("data").size() >= 3);
        assertThat(api.get(deliveries, testKey).json().get("data"))
                .extracting(d -> d.get("webhookId").asText())
                .doesNotContain(liveEvents.get(0).get("id").asText());

        JsonNode testDashboard = api.get("/api/v1/dashboard", testKey).json();
        JsonNode liveDashboard = api.get("/api/v1/dashboard", liveKey).json();
        assertThat(testDashboard.get("mode").asText()).isEqualTo("test");
        assertThat(testDashboard.get("assets").get(0).get("settlements").asInt()).isEqualTo(1);
        assertThat(liveDashboard.get("assets").get(0).get("settlements").asInt()).isZero();
        assertThat(liveDashboard.get("assets").get(0).get("invoices").asInt()).isOne();
        assertThat(api.get("/api/v1/reports/daily-settlements", testKey).json().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/reports/daily-settlements", liveKey).json().get("items")).isEmpty();

        assertThat(api.get("/pay/" + testId, null).body()).contains("id=\"test-mode\"", "Do not send real funds");
        assertThat(api.get("/pay/" + liveId, null).body()).doesNotContain("test-mode");

        // Live money beside it, in books of its own: each mode's balance is its own net, and only the live fee is
        // the platform's revenue.
        String liveAddress = api.get("/api/v1/invoices/" + liveId, liveKey).json().get("depositAddress").asText();
        String txHash = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        observations.accept(new TransferObserved(Chain.TRON, txHash, 0, USDT_TRON, "TCustomer", liveAddress,
                                                 TokenAmount.parse("10", Asset.USDT), 100L, "block-100",
                                                 Instant.now(), Instant.now()));
        await().atMost(PATIENCE).until(() -> available(liveKey).equals("9.90"));
        assertThat(available(testKey)).isEqualTo("9.90");
        assertThat(new BigDecimal(platformRevenue())).isEqualByComparingTo(new BigDecimal(revenueBefore).add(
                new BigDecimal("0.10")));
        assertThat(api.get("/api/v1/settlements", liveKey).json().get("items")).singleElement()
                .satisfies(stl -> assertThat(stl.get("mode").asText()).isEqualTo("live"));
        assertThat(api.get("/api/v1/balances", SecurityTests.ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
    }

    private String available(String key) {
        return api.get("/api/v1/balances", key).json().get("balances").get(0).get("available").asText();
    }

    private String platformRevenue() {
        return api.get("/api/v1/balances", SecurityTests.ADMIN_KEY).json().get("platformFeeRevenue").get(0)
                  .get("amount").asText();
    }

    /** The dashboard's test-mode switch narrows a live key's session to test mode; nothing widens a test key's. */
    @Test
    void theDashboardsSwitchShowsALiveKeysSessionTheTestObjectsAndNeverWidensATestKey() throws Exception {
        String liveId = invoice(liveKey, "tron", "live-dash").get("id").asText();
        String testId = invoice(testKey, "tron", "test-dash").get("id").asText();

        Browser live = new Browser(port, liveKey);
        assertThat(live.get("/dashboard")).contains("View test data").doesNotContain("id=\"test-mode\"");
        assertThat(live.invoiceIds()).containsExactly(liveId);
        live.switchTo("test");
        assertThat(live.get("/dashboard")).contains("id=\"test-mode\"", "View live data");
        assertThat(live.invoiceIds()).containsExactly(testId);
        live.switchTo("live");
        assertThat(live.invoiceIds()).containsExactly(liveId);

        Browser test = new Browser(port, testKey);
        assertThat(test.get("/dashboard")).contains("id=\"test-mode\"").doesNotContain("View live data");
        test.switchTo("live");
        assertThat(test.invoiceIds()).containsExactly(testId);
    }

    /** A browser's session: cookies kept, form posts as the dashboard's own page sends them. */
    private static final class Browser {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        private final String base;

        Browser(int port, String apiKey) throws Exception {
            this.base = "http://localhost:" + port;
            assertThat(post("/dashboard/sign-in", "apiKey=" + apiKey).statusCode()).isEqualTo(303);
        }

        String get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                               HttpResponse.BodyHandlers.ofString()).body();
        }

        List<String> invoiceIds() throws Exception {
            JsonNode items = SecurityHttp.JSON.readTree(get("/api/v1/invoices")).get("items");
            List<String> ids = new ArrayList<>();
            items.forEach(item -> ids.add(item.get("id").asText()));
            return ids;
        }

        void switchTo(String mode) throws Exception {
            String csrf = ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().getCookies()
                    .stream().filter(c -> c.getName().equals("tally_csrf")).findFirst().orElseThrow().getValue();
            assertThat(post("/dashboard/mode", "mode=" + mode + "&csrf=" + csrf).statusCode()).isEqualTo(303);
        }

        private HttpResponse<String> post(String path, String form) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(base + path))
                                          .header("Content-Type", "application/x-www-form-urlencoded")
                                          .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                               HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aTestKeyCreatesOnlyTestKeys() {
        assertProblem(api.post("/api/v1/api-keys", testKey, "{\"name\":\"escalate\",\"mode\":\"live\"}"), 403,
                      "forbidden");
        JsonNode created = api.post("/api/v1/api-keys", testKey, "{\"name\":\"ci\"}").json();
        assertThat(created.get("mode").asText()).isEqualTo("test");
        assertThat(created.get("apiKey").asText()).startsWith("tly_test_");
        // A live key may create either.
        assertThat(api.post("/api/v1/api-keys", liveKey, "{\"name\":\"staging\",\"mode\":\"test\"}").json()
                      .get("mode").asText()).isEqualTo("test");
    }
}
