package dev.tally.launcher.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.launcher.TallyApplication;
import dev.tally.launcher.WebhookInbox;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chain facts become money only when they should, played on the sandbox chain over HTTP through the real launcher,
 * each at the weakest setting (1 required confirmation): a reverted transfer never pays; a reorg after confirmation
 * reverses the payment and its settlement; money after an invoice was paid, to a cancelled invoice, short or late
 * and not accepted is the merchant's unapplied funds; a look-alike token or dust pays nothing. After each, the ledger
 * balances, the auditor's fold of the invoice says what the API says, and the merchant's webhook endpoint was told.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + ChainFactsSandboxTest.ADMIN_KEY,
                "tally.sandbox.block-interval=200ms",
                // Deep enough that no payment here becomes final while a test runs (finality: SandboxChainTest).
                "tally.sandbox.finality-depth=1000",
                // Short, so that a late payment's undecided window ends within a test.
                "tally.invoices.monitoring-window=20s",
                "spring.datasource.hikari.maximum-pool-size=10"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class ChainFactsSandboxTest {
    static final String ADMIN_KEY = "tly_admin_chainfacts_0123456789abcdefghij";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    static WebhookInbox inbox;

    HttpApi api;
    String merchantKey;
    /** Where the merchant's webhook endpoint receives (a path of its own on the inbox). */
    String webhooks;

    @BeforeAll
    static void openInbox() {
        inbox = new WebhookInbox();
    }

    @AfterAll
    static void closeInbox() {
        inbox.close();
    }

    @BeforeEach
    void registerMerchant() {
        api = new HttpApi(port);
        Answer merchant = api.post("/api/v1/merchants", ADMIN_KEY,
                                   "{\"name\":\"Chain facts " + UUID.randomUUID() + "\"}");
        assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
        merchantKey = merchant.json().get("testApiKey").asText();
        listenForWebhooks();
    }

    private void listenForWebhooks() {
        webhooks = "/" + UUID.randomUUID();
        Answer endpoint = api.post("/api/v1/webhook-endpoints", merchantKey,
                                   "{\"url\":\"" + inbox.url(webhooks) + "\"}");
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
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
        // The balances view follows the ledger's events: it may lag the invoice's status.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(balance().get("available").asText())
                .isEqualTo("4.95")); // the marker's net only
        assertLedgerBalanced();
        assertAuditAgrees(reverted);
    }

    /** Prevents the same with a merchant's confirmation override of 1 on an amount that would need 12. */
    @Test
    void aRevertedTransferNeverPaysWithAnOverrideOfOneConfirmation() {
        Answer merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Override " + UUID.randomUUID()
                                                                   + "\",\"confirmationsOverride\":1}");
        assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
        merchantKey = merchant.json().get("testApiKey").asText();
        listenForWebhooks();
        String reverted = invoice("150.00");
        pay(reverted, "{\"outcome\":\"reverted\"}");
        String marker = invoice("150.00");
        pay(marker, "{}");
        awaitStatus(marker, "SETTLED");

        assertThat(get("/api/v1/invoices/" + reverted).get("status").asText()).isEqualTo("PENDING");
        assertThat(get("/api/v1/invoices/" + reverted).get("payments")).isEmpty();
        assertLedgerBalanced();
        assertAuditAgrees(reverted);
    }

    /** Prevents: a reorg after confirmation being ignored (money credited and settled that never arrived). */
    @Test
    void aReorgAfterConfirmationReversesThePaymentAndItsSettlement() {
        String id = invoice("5.00");
        String paymentId = pay(id, "{}").json().get("paymentId").asText();
        awaitStatus(id, "SETTLED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(balance().get("available").asText())
                .isEqualTo("4.95"));

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
        JsonNode dashboard = get("/api/v1/dashboard").get("assets").get(0);
        assertThat(dashboard.get("paidInvoices").asInt()).as("the conversion is taken back").isZero();
        assertThat(dashboard.get("conversionRate").asText()).isEqualTo("0.0000");
        await().atMost(PATIENCE).until(() -> inbox.ofType(webhooks, "payment.reversed").size() == 1);
        assertThat(inbox.ofType(webhooks, "payment.reversed").get(0).at("/data/object/id").asText())
                .isEqualTo(paymentId);
        // The address had a matched payment: it may come back in another block, so the invoice cannot be
        // cancelled any more (it expires instead).
        Answer cancel = api.post("/api/v1/invoices/" + id + "/cancel", merchantKey, null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(409);
        assertThat(cancel.contentType()).startsWith("application/problem+json");
        assertLedgerBalanced();
        assertAuditAgrees(id);
    }

    /** Prevents: a payment whose block a reorg removes before it confirmed being counted. */
    @Test
    void aReorgBeforeConfirmationOrphansThePaymentAndPaysNothing() {
        // A confirmation override of 100: at 200 ms a block, the payment is far from confirmed when it is reorganised.
        Answer merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Patient " + UUID.randomUUID()
                                                                   + "\",\"confirmationsOverride\":100}");
        merchantKey = merchant.json().get("testApiKey").asText();
        listenForWebhooks();
        Answer created = api.post("/api/v1/invoices", merchantKey, HttpApi.json(Map.of(
                "amount", "5.00", "asset", "USDT", "chain", "tron", "orderId", "cf-" + UUID.randomUUID())), null);
        String id = created.json().get("id").asText();
        String paymentId = pay(id, "{}").json().get("paymentId").asText();
        // Two read models (the payment's, the invoice's): wait for both.
        await().atMost(PATIENCE).until(() -> "CONFIRMING".equals(paymentStatus(id))
                                             && "CONFIRMING".equals(get("/api/v1/invoices/" + id).get("status")
                                                                                              .asText()));

        Answer reorg = api.post("/api/v1/sandbox/payments/" + paymentId + "/reorg", merchantKey, null);
        assertThat(reorg.status()).as(reorg.body()).isEqualTo(202);

        await().atMost(PATIENCE).until(() -> "ORPHANED".equals(paymentStatus(id)));
        awaitStatus(id, "PENDING");
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode balance = balance();
            assertThat(balance.get("pending").asText()).isEqualTo("0.00");
            assertThat(balance.get("available").asText()).isEqualTo("0.00");
        });
        assertThat(get("/api/v1/settlements?invoiceId=" + id).get("items")).isEmpty();
        assertLedgerBalanced();
        assertAuditAgrees(id);
    }

    /** Only the payment's own merchant can reorganise it. */
    @Test
    void anotherMerchantCannotReorganiseAPayment() {
        String id = invoice("5.00");
        String paymentId = pay(id, "{}").json().get("paymentId").asText();
        String intruder = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Intruder " + UUID.randomUUID() + "\"}")
                             .json().get("testApiKey").asText();
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
        await().atMost(PATIENCE).until(() -> inbox.ofType(webhooks, "payment.unapplied").size() == 1);
        assertThat(inbox.ofType(webhooks, "payment.unapplied").get(0).at("/data/object/unappliedReason").asText())
                .isEqualTo("INVOICE_ALREADY_PAID");
        Answer csv = api.get("/api/v1/reports/unapplied-funds?format=csv", merchantKey);
        assertThat(csv.body()).startsWith("unapplied_at,invoice_id,payment_id,asset,amount,reason,reversed_at")
                              .contains(id).contains("1.25").contains("INVOICE_ALREADY_PAID");
        assertLedgerBalanced();
        assertAuditAgrees(id);
    }

    /** Prevents: money sent to a cancelled invoice's address being recorded nowhere. */
    @Test
    void moneyToACancelledInvoiceIsTheMerchantsUnappliedFunds() {
        String id = invoice("5.00");
        Answer cancel = api.post("/api/v1/invoices/" + id + "/cancel", merchantKey, null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        pay(id, "{}");

        await().atMost(PATIENCE).until(() -> "5.00".equals(balance().get("unapplied").asText()));
        assertThat(get("/api/v1/invoices/" + id).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(balance().get("available").asText()).isEqualTo("0.00");
        assertThat(get("/api/v1/reports/unapplied-funds").get("items")).singleElement()
                .satisfies(u -> assertThat(u.get("reason").asText()).isEqualTo("INVOICE_CANCELLED"));
        await().atMost(PATIENCE).until(() -> inbox.ofType(webhooks, "payment.unapplied").size() == 1);
        assertLedgerBalanced();
        assertAuditAgrees(id);
    }

    /**
     * What happens around expiry, with five invoices that expire together (one wait for all: expiry is a minute at
     * least). Prevents:
     * <ul>
     *     <li>a customer who paid in time becoming late (or unmatched) because the watcher was down past the
     *     invoice's expiry: the block's time decides, and the invoice settles;</li>
     *     <li>money after expiry without a home, and a late trickle looking like a payment: one invoice underpaid
     *     before (its money unapplied at expiry), one paid 0.02 late (short: unapplied, never PAID_LATE), one paid in
     *     full late and accepted (PAID_LATE, then settled; the auditor agrees at each step), one paid in full late and
     *     never accepted (unapplied when the monitoring window ends).</li>
     * </ul>
     */
    @Test
    void aroundExpiryAPaymentInTimeIsOnTimeAndMoneyAfterItIsAppliedOnlyWhenItCoversTheAmountAndIsAccepted() {
        String inTime = expiringInvoice();
        String underpaid = expiringInvoice();
        String trickle = expiringInvoice();
        String accepted = expiringInvoice();
        String ignored = expiringInvoice();
        pay(underpaid, "{\"amount\":\"2.00\"}");
        await().atMost(PATIENCE).until(() -> "UNDERPAID".equals(get("/api/v1/invoices/" + underpaid)
                                                                       .get("status").asText()));
        api.post("/api/v1/sandbox/chain/pause", ADMIN_KEY, null);
        try {
            pay(inTime, "{}");
            // The outage outlasts the invoices: their expiry deadlines run before the block is seen.
            for (String id : List.of(inTime, underpaid, trickle, accepted, ignored)) {
                await().atMost(Duration.ofSeconds(120)).until(() -> "EXPIRED".equals(get("/api/v1/invoices/" + id)
                                                                                          .get("status").asText()));
            }
        } finally {
            api.post("/api/v1/sandbox/chain/resume", ADMIN_KEY, null);
        }
        // Paid late at once, well within the monitoring window.
        pay(trickle, "{\"amount\":\"0.02\"}");
        pay(accepted, "{}");
        pay(ignored, "{}");

        awaitStatus(inTime, "SETTLED");
        JsonNode payment = get("/api/v1/invoices/" + inTime).get("payments").get(0);
        assertThat(payment.get("status").asText()).isIn("CONFIRMED", "FINALIZED");
        assertAuditAgrees(inTime);

        awaitStatus(accepted, "PAID_LATE");
        awaitStatus(ignored, "PAID_LATE");
        assertAuditAgrees(accepted);
        Answer page = api.get("/pay/" + accepted, null);
        assertThat(page.body()).contains("Received late").doesNotContain("your payment is complete");

        Answer accept = api.post("/api/v1/invoices/" + accepted + "/accept", merchantKey, null);
        assertThat(accept.status()).as(accept.body()).isEqualTo(200);
        awaitStatus(accepted, "SETTLED");
        assertAuditAgrees(accepted);

        // The window ends for the one nobody accepted: its money is unapplied, the invoice expired.
        awaitStatus(ignored, "EXPIRED");
        await().atMost(PATIENCE).until(() -> get("/api/v1/reports/unapplied-funds").get("items").size() == 3);
        Map<String, String> reasons = new java.util.HashMap<>();
        get("/api/v1/reports/unapplied-funds").get("items").forEach(
                u -> reasons.put(u.get("invoiceId").asText(), u.get("reason").asText() + " " + u.get("amount").asText()));
        assertThat(reasons).isEqualTo(Map.of(underpaid, "INVOICE_EXPIRED_UNDERPAID 2.00",
                                             trickle, "LATE_PAYMENT_SHORT 0.02",
                                             ignored, "LATE_PAYMENT_NOT_ACCEPTED 5.00"));
        assertThat(get("/api/v1/invoices/" + trickle).get("status").asText()).isEqualTo("EXPIRED");
        assertThat(api.get("/pay/" + trickle, null).body()).doesNotContain("your payment is complete");
        assertThat(balance().get("unapplied").asText()).isEqualTo("7.02");
        // The one paid in time and the one accepted, each 5.00 less its 1 % fee.
        assertThat(balance().get("available").asText()).isEqualTo("9.90");
        await().atMost(PATIENCE).until(() -> inbox.ofType(webhooks, "payment.unapplied").size() == 3);
        assertLedgerBalanced();
        for (String id : List.of(inTime, underpaid, trickle, accepted, ignored)) {
            assertAuditAgrees(id);
        }
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

    /** An invoice of 5.00 that expires in a minute (the shortest expiry). */
    private String expiringInvoice() {
        Answer created = api.post("/api/v1/invoices", merchantKey, HttpApi.json(Map.of(
                "amount", "5.00", "asset", "USDT", "chain", "tron", "orderId", "cf-" + UUID.randomUUID(),
                "expiryMinutes", 1)), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private String paymentStatus(String invoiceId) {
        JsonNode payments = get("/api/v1/invoices/" + invoiceId).get("payments");
        return payments.isEmpty() ? null : payments.get(0).get("status").asText();
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

    /**
     * The auditor's as-of state (a fold of the invoice's events) says what the API says: the status, and the same
     * confirmed money, counted or unapplied, as the payments the API lists as confirmed.
     */
    private void assertAuditAgrees(String invoiceId) {
        JsonNode invoice = get("/api/v1/invoices/" + invoiceId);
        Answer audit = this.api.get("/api/v1/audit/invoices/" + invoiceId + "/state", ADMIN_KEY);
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        JsonNode state = audit.json().get("state");
        assertThat(state.get("status").asText()).isEqualTo(invoice.get("status").asText());
        java.util.Set<String> confirmedByApi = new java.util.TreeSet<>();
        invoice.get("payments").forEach(p -> {
            if (List.of("CONFIRMED", "FINALIZED").contains(p.get("status").asText())) {
                confirmedByApi.add(p.get("id").asText());
            }
        });
        java.util.Set<String> confirmedByAudit = new java.util.TreeSet<>();
        state.get("confirmedPayments").fieldNames().forEachRemaining(confirmedByAudit::add);
        state.get("unappliedPayments").fieldNames().forEachRemaining(confirmedByAudit::add);
        assertThat(confirmedByAudit).as("confirmed payments, counted or unapplied").isEqualTo(confirmedByApi);
    }

    private void assertLedgerBalanced() {
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
    }
}
