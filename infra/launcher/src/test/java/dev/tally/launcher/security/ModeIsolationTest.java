package dev.tally.launcher.security;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.util.UUID;

import static dev.tally.launcher.security.SecurityHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live and test modes cannot leak into each other. The launcher watches a real Tron chain here (its xpub configured;
 * the node is never reached, so nothing is ever paid on it) and has test mode on: a live key creates live invoices on
 * Tron only, a test key test invoices paid on the sandbox chain. Each key sees, cancels and pays only its own mode's
 * invoices, idempotency keys are per mode, a test key cannot create a live key, and a sandbox transfer to a live
 * invoice's address — sent past the API, as an attacker with the chain would — is never reported.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {SecurityTests.ADMIN_KEY_PROPERTY, SecurityTests.SMALL_POOL,
                      "tally.chains.tron.endpoints[0].url=127.0.0.1:1",
                      "tally.chains.tron.xpub=xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VT"
                      + "sfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw",
                      "tally.sandbox.block-interval=200ms", "tally.sandbox.lease=2s"})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
class ModeIsolationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    SandboxChain sandbox;

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
