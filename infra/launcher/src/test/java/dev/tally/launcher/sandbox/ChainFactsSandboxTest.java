package dev.tally.launcher.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chain facts become money only when they should, played on the sandbox chain over HTTP through the real launcher,
 * each at the weakest setting (1 required confirmation): a reverted transfer never pays; a reorg after confirmation
 * reverses the payment and its settlement; money after an invoice was paid is the merchant's unapplied funds; a
 * look-alike token or dust pays nothing. After each, the ledger balances.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + ChainFactsSandboxTest.ADMIN_KEY,
                "tally.sandbox.block-interval=200ms",
                // Deep enough that no payment here becomes final while a test runs (finality: SandboxChainTest).
                "tally.sandbox.finality-depth=1000",
                "spring.datasource.hikari.maximum-pool-size=10"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class ChainFactsSandboxTest {
    static final String ADMIN_KEY = "tly_admin_chainfacts_0123456789abcdefghij";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    HttpApi api;
    String merchantKey;

    @BeforeEach
    void registerMerchant() {
        api = new HttpApi(port);
        Answer merchant = api.post("/api/v1/merchants", ADMIN_KEY,
                                   "{\"name\":\"Chain facts " + UUID.randomUUID() + "\"}");
        assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
        merchantKey = merchant.json().get("apiKey").asText();
    }

    /** Prevents: a reverted Tron transfer paying a small invoice at 1 required confirmation. */
    @Test
    void aRevertedTransferNeverPaysEvenAtOneConfirmation() {
        String reverted = invoice("5.00");
        assertThat(pay(reverted, "{\"outcome\":\"reverted\"}").json().get("outcome").asText()).isEqualTo("reverted");
        // A later block: once its payment settled, the reverted one's block was scanned long before.
        String marker = invoice("5.00");
        pay(marker, "{}");
        awaitStatus(marker, "SETTLED");

        JsonNode invoice = get("/api/v1/invoices/" + reverted);
        assertThat(invoice.get("status").asText()).isEqualTo("PENDING");
        assertThat(invoice.get("payments")).isEmpty();
        assertThat(balance().get("available").asText()).isEqualTo("4.95"); // the marker's net only
        assertLedgerBalanced();
        assertAuditAgrees(reverted);
    }

    /** Prevents the same with a merchant's confirmation override of 1 on an amount that would need 12. */
    @Test
    void aRevertedTransferNeverPaysWithAnOverrideOfOneConfirmation() {
        Answer merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Override " + UUID.randomUUID()
                                                                   + "\",\"confirmationsOverride\":1}");
        assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
        merchantKey = merchant.json().get("apiKey").asText();
        String reverted = invoice("150.00");
        pay(reverted, "{\"outcome\":\"reverted\"}");
        String marker = invoice("150.00");
        pay(marker, "{}");
        awaitStatus(marker, "SETTLED");

        assertThat(get("/api/v1/invoices/" + reverted).get("status").asText()).isEqualTo("PENDING");
        assertThat(get("/api/v1/invoices/" + reverted).get("payments")).isEmpty();
        assertLedgerBalanced();
    }

    /** Prevents: a reorg after confirmation being ignored (money credited and settled that never arrived). */
    @Test
    void aReorgAfterConfirmationReversesThePaymentAndItsSettlement() {
        String id = invoice("5.00");
        String paymentId = pay(id, "{}").json().get("paymentId").asText();
        awaitStatus(id, "SETTLED");
        assertThat(balance().get("available").asText()).isEqualTo("4.95");

        Answer reorg = api.post("/api/v1/sandbox/payments/" + paymentId + "/reorg", merchantKey, null);
        assertThat(reorg.status()).as(reorg.body()).isEqualTo(202);

        awaitStatus(id, "PENDING");
        await().atMost(PATIENCE).until(() -> "REVERSED".equals(
                get("/api/v1/settlements?invoiceId=" + id).get("items").get(0).get("status").asText()));
        await().atMost(PATIENCE).until(() -> "0.00".equals(balance().get("available").asText()));
        JsonNode payment = get("/api/v1/invoices/" + id).get("payments").get(0);
        assertThat(payment.get("status").asText()).isEqualTo("REVERSED");
        await().atMost(PATIENCE).until(() -> get("/api/v1/events?type=payment.reversed").get("data").size() == 1);
        // The dashboard's totals and the daily report take the settlement back out.
        await().atMost(PATIENCE).until(() -> {
            JsonNode report = get("/api/v1/reports/daily-settlements").get("items");
            return report.size() == 1 && "0.00".equals(report.get(0).get("net").asText())
                   && report.get(0).get("settlementCount").asInt() == 0;
        });
        await().atMost(PATIENCE).until(() -> "0.00".equals(
                get("/api/v1/dashboard").get("assets").get(0).get("net").asText()));
        assertLedgerBalanced();
        assertAuditAgrees(id);
    }

    /** Only the payment's own merchant can reorganise it. */
    @Test
    void anotherMerchantCannotReorganiseAPayment() {
        String id = invoice("5.00");
        String paymentId = pay(id, "{}").json().get("paymentId").asText();
        String intruder = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Intruder " + UUID.randomUUID() + "\"}")
                             .json().get("apiKey").asText();
        assertThat(api.post("/api/v1/sandbox/payments/" + paymentId + "/reorg", intruder, null).status())
                .isEqualTo(404);
        awaitStatus(id, "SETTLED");
    }

    /** Prevents: money sent to a settled invoice staying in the merchant's pending account for ever. */
    @Test
    void moneyAfterTheInvoiceWasSettledIsTheMerchantsUnappliedFunds() {
        String id = invoice("5.00");
        pay(id, "{}");
        awaitStatus(id, "SETTLED");
        pay(id, "{\"amount\":\"1.25\"}");

        await().atMost(PATIENCE).until(() -> "1.25".equals(balance().get("unapplied").asText()));
        assertThat(balance().get("pending").asText()).isEqualTo("0.00");
        assertThat(balance().get("available").asText()).isEqualTo("4.95");
        assertThat(get("/api/v1/invoices/" + id).get("status").asText()).isEqualTo("SETTLED");
        await().atMost(PATIENCE).until(() -> get("/api/v1/events?type=payment.unapplied").get("data").size() == 1);
        JsonNode report = get("/api/v1/reports/unapplied-funds").get("items");
        assertThat(report).singleElement().satisfies(u -> {
            assertThat(u.get("invoiceId").asText()).isEqualTo(id);
            assertThat(u.get("amount").asText()).isEqualTo("1.25");
            assertThat(u.get("reason").asText()).isEqualTo("INVOICE_ALREADY_PAID");
            assertThat(u.get("reversedAt").isNull()).isTrue();
        });
        Answer csv = api.get("/api/v1/reports/unapplied-funds?format=csv", merchantKey);
        assertThat(csv.body()).startsWith("unapplied_at,invoice_id,payment_id,asset,amount,reason,reversed_at")
                              .contains(id).contains("1.25").contains("INVOICE_ALREADY_PAID");
        assertLedgerBalanced();
        assertAuditAgrees(id);
    }

    /** Prevents: a token named USDT at another contract, or dust, moving an invoice. */
    @Test
    void aLookAlikeTokenAndDustPayNothing() {
        String id = invoice("5.00");
        pay(id, "{\"outcome\":\"fake-token\"}");
        pay(id, "{\"outcome\":\"dust\"}");
        String marker = invoice("5.00");
        pay(marker, "{}");
        awaitStatus(marker, "SETTLED");

        JsonNode invoice = get("/api/v1/invoices/" + id);
        assertThat(invoice.get("status").asText()).isEqualTo("PENDING");
        assertThat(invoice.get("payments")).isEmpty();
        assertThat(api.post("/api/v1/sandbox/invoices/" + id + "/pay", merchantKey, "{\"outcome\":\"free\"}")
                      .status()).isEqualTo(400);
    }

    /**
     * Prevents: a customer who paid in time becoming late (or unmatched) because the watcher was down past the
     * invoice's expiry. The block's time decides.
     */
    @Test
    void aPaymentInTimeSeenOnlyAfterAnOutageLongerThanTheExpiryIsOnTime() {
        Answer created = api.post("/api/v1/invoices", merchantKey, HttpApi.json(Map.of(
                "amount", "5.00", "asset", "USDT", "chain", "tron", "orderId", "cf-" + UUID.randomUUID(),
                "expiryMinutes", 1)), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        api.post("/api/v1/sandbox/chain/pause", ADMIN_KEY, null);
        try {
            pay(id, "{}");
            // The outage outlasts the invoice: its expiry deadline runs before the block is seen.
            await().atMost(Duration.ofSeconds(120)).until(
                    () -> "EXPIRED".equals(get("/api/v1/invoices/" + id).get("status").asText()));
        } finally {
            api.post("/api/v1/sandbox/chain/resume", ADMIN_KEY, null);
        }
        awaitStatus(id, "SETTLED");
        JsonNode payment = get("/api/v1/invoices/" + id).get("payments").get(0);
        assertThat(payment.get("status").asText()).isIn("CONFIRMED", "FINALIZED");
        assertAuditAgrees(id);
    }

    /** Only the admin pauses the watcher; while paused, blocks come but nothing is seen; on resume it catches up. */
    @Test
    void aPausedWatcherCatchesUpOnResume() {
        assertThat(api.post("/api/v1/sandbox/chain/pause", merchantKey, null).status()).isEqualTo(403);
        JsonNode paused = api.post("/api/v1/sandbox/chain/pause", ADMIN_KEY, null).json();
        try {
            assertThat(paused.get("paused").asBoolean()).isTrue();
            String id = invoice("5.00");
            pay(id, "{}");
            long checkpoint = paused.get("checkpoint").asLong();
            await().atMost(PATIENCE).until(
                    () -> api.post("/api/v1/sandbox/chain/pause", ADMIN_KEY, null).json().get("head").asLong()
                          > checkpoint + 3);
            assertThat(get("/api/v1/invoices/" + id).get("status").asText()).isEqualTo("PENDING");

            JsonNode resumed = api.post("/api/v1/sandbox/chain/resume", ADMIN_KEY, null).json();
            assertThat(resumed.get("paused").asBoolean()).isFalse();
            awaitStatus(id, "SETTLED");
        } finally {
            api.post("/api/v1/sandbox/chain/resume", ADMIN_KEY, null);
        }
    }

    // ------------------------------------------------------------------ helpers

    private String invoice(String amount) {
        Answer created = api.post("/api/v1/invoices", merchantKey, HttpApi.json(Map.of(
                "amount", amount, "asset", "USDT", "chain", "tron", "orderId", "cf-" + UUID.randomUUID())), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("requiredConfirmations").asInt()).isEqualTo(1);
        return created.json().get("id").asText();
    }

    private Answer pay(String invoiceId, String body) {
        Answer paid = api.post("/api/v1/sandbox/invoices/" + invoiceId + "/pay", merchantKey, body);
        assertThat(paid.status()).as(paid.body()).isEqualTo(202);
        return paid;
    }

    private JsonNode get(String path) {
        Answer answer = api.get(path, merchantKey);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private void awaitStatus(String invoiceId, String status) {
        await().atMost(PATIENCE).until(() -> status.equals(get("/api/v1/invoices/" + invoiceId).get("status")
                                                                                               .asText()));
    }

    private JsonNode balance() {
        return get("/api/v1/balances").get("balances").get(0);
    }

    /** The auditor's as-of state (a fold of the invoice's events) says what the API says. */
    private void assertAuditAgrees(String invoiceId) {
        String api = get("/api/v1/invoices/" + invoiceId).get("status").asText();
        Answer audit = this.api.get("/api/v1/audit/invoices/" + invoiceId + "/state", ADMIN_KEY);
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        assertThat(audit.json().get("state").get("status").asText()).isEqualTo(api);
    }

    private void assertLedgerBalanced() {
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
    }
}
