package dev.tally.launcher.refunds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.launcher.MoneyOut;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refunds on the sandbox chain, over HTTP through the real launcher: an overpayment refunded by claim link, with the
 * platform's fee given back pro rata; concurrent refunds never refunding more than the invoice was paid; a refund
 * that reverts on chain retried and cancelled, its money back; refusals that leave nothing held.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + RefundsSandboxTest.ADMIN_KEY,
                "tally.sandbox.block-interval=100ms",
                // Final 2 s after inclusion: long enough to reorganise a refund away before, short enough to wait for.
                "tally.sandbox.finality-depth=20",
                "spring.datasource.hikari.maximum-pool-size=10",
                // Live EVM invoices can be created (their node is never reached): a live refund is refused all the same.
                "tally.chains.ethereum.xpub=xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt",
                "tally.chains.ethereum.endpoints[0].url=http://127.0.0.1:1"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class RefundsSandboxTest {
    static final String ADMIN_KEY = "tly_admin_refunds_0123456789abcdefghijklm";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CUSTOMER = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
    /** A refund to it reverts on the sandbox chain (documented in docs/payouts.md). */
    private static final String FAILING_ADDRESS = "T9yD14Nj9j7xAB4dbGeiX9h8uptqnv3PY4";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    HttpApi api;
    String testKey;
    String liveKey;

    @BeforeEach
    void registerMerchant() {
        api = new HttpApi(port);
        Answer merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Refunds " + UUID.randomUUID() + "\"}");
        assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
        testKey = merchant.json().get("testApiKey").asText();
        liveKey = merchant.json().get("apiKey").asText();
    }

    /** The way it should work: the customer overpaid, gives an address on the claim link, and gets the excess once. */
    @Test
    void anOverpaymentIsRefundedByClaimLinkOnceApprovedAndConfirmedOnChain() {
        JsonNode invoice = settleAndAwaitFinal("5.00", "7.00"); // gross 7.00, fee 0.07, net 6.93
        String invoiceId = invoice.get("id").asText();
        assertThat(balances().get("available").asText()).isEqualTo("6.93");

        String key = UUID.randomUUID().toString();
        Answer requested = requestRefund(invoiceId, Map.of("amount", "2.00", "reason", "overpaid"), key);
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        JsonNode refund = requested.json();
        String id = refund.get("id").asText();
        assertThat(refund.get("status").asText()).isEqualTo("awaiting_address");
        // 2.00 of 7.00 gives back floor(0.07 × 2 / 7) = 0.02 of the fee; the merchant's balance gives the rest.
        assertThat(refund.get("feeReversed").asText()).isEqualTo("0.02");
        assertThat(refund.get("merchantShare").asText()).isEqualTo("1.98");
        assertThat(refund.get("claimExpiresAt").asText()).isNotBlank();
        String claimUrl = refund.get("claimUrl").asText();
        assertThat(claimUrl).startsWith("/refund/rfc_");
        String claimId = claimUrl.substring("/refund/".length());
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(balances().get("available").asText()).isEqualTo("4.95");
            assertThat(balances().get("reserved").asText()).isEqualTo("1.98");
        });

        // The customer's page and its API, without any key.
        JsonNode claim = await().atMost(PATIENCE).until(
                () -> api.get("/api/v1/public/refund-claims/" + claimId, null), a -> a.status() == 200).json();
        assertThat(claim.get("amount").asText()).isEqualTo("2.00");
        assertThat(claim.get("chain").asText()).isEqualTo("tron");
        assertThat(claim.has("merchantShare")).isFalse();
        Answer page = api.get(claimUrl, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Refund of <span id=\"amount\">2.00</span> USDT").contains("claim-form");
        assertThat(api.get("/refund/rfc_unknown", null).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/public/refund-claims/rfc_unknown", null).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/public/refund-claims/rfc_%00x", null).status()).isBetween(400, 499);
        assertThat(claim("rfc_x%00", CUSTOMER).status()).isBetween(400, 499);

        // Twins: an address of another chain, and Tally's own deposit address, are refused and change nothing.
        assertProblem(claim(claimId, "0x52908400098527886E0F7030069857D2E4169EE7"), 400, "must be a Tron address");
        assertProblem(claim(claimId, invoice.get("depositAddress").asText()), 422, "Tally's deposit addresses");
        assertProblem(api.post("/api/v1/refunds/" + id + "/approve", testKey, null), 409, "has no address yet");

        Answer claimed = claim(claimId, CUSTOMER);
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        assertThat(claimed.json().get("status").asText()).isEqualTo("awaiting_approval");
        // The same address again is the same claim; another one is refused.
        assertThat(claim(claimId, CUSTOMER).status()).isEqualTo(200);
        assertProblem(claim(claimId, "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"), 409, "already given");

        Answer approved = api.post("/api/v1/refunds/" + id + "/approve", testKey, null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("approved");

        JsonNode confirmed = awaitRefund(id, "confirmed");
        assertThat(confirmed.get("address").asText()).isEqualTo(CUSTOMER);
        assertThat(confirmed.get("txHash").asText()).isNotBlank();
        assertThat(confirmed.get("blockNumber").asLong()).isPositive();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(balances().get("available").asText()).isEqualTo("4.95");
            assertThat(balances().get("reserved").asText()).isEqualTo("0.00");
            JsonNode books = books();
            assertThat(books.get("refunded").asText()).isEqualTo("2.00");
            assertThat(books.get("final").asText()).isEqualTo("4.95");
            assertThat(books.get("payingOut").asText()).isEqualTo("0.00");
        });
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
        // One transaction on chain for the refund.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM watcher.sandbox_payouts WHERE payout_id LIKE ?",
                                       Long.class, id + "/%")).isEqualTo(1);
        // The merchant was told at every step; the customer's page says it is done.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(told(id)).containsExactly(
                "refund.created:awaiting_address", "refund.address_claimed:awaiting_approval",
                "refund.approved:approved", "refund.broadcast:broadcast", "refund.confirmed:confirmed"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                api.get("/api/v1/public/refund-claims/" + claimId, null).json().get("status").asText())
                .isEqualTo("confirmed"));
        // The same request again is the same refund, not a second one.
        Answer again = requestRefund(invoiceId, Map.of("amount", "2.00", "reason", "overpaid"), key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("id").asText()).isEqualTo(id);
        assertThat(api.get("/api/v1/refunds?invoiceId=" + invoiceId, testKey).json().get("data")).hasSize(1);
    }

    /** Money that paid no invoice (here a second payment on top of a settled one) is refunded whole, without a fee. */
    @Test
    void moneyThatPaidNoInvoiceIsRefundedOnceFinalWithoutTouchingTheMerchantsBalance() {
        String invoiceId = settleAndAwaitFinal("5.00", "5.00").get("id").asText();
        Answer again = api.post("/api/v1/sandbox/invoices/" + invoiceId + "/pay", testKey,
                                HttpApi.json(Map.of("amount", "3.00")));
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> books().get("unapplied").asText().equals("3.00"));

        // Refunded once its payment is final on chain; until then it is refused (the settled money is not refunded
        // in its place), holding nothing.
        Answer requested = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(
                () -> requestRefund(invoiceId, Map.of("amount", "3.00", "address", CUSTOMER), null),
                a -> a.status() == 201);
        JsonNode refund = requested.json();
        assertThat(refund.get("fromUnapplied").asText()).isEqualTo("3.00");
        assertThat(refund.get("feeReversed").asText()).isEqualTo("0.00");
        assertThat(refund.get("merchantShare").asText()).isEqualTo("0.00");
        awaitRefund(refund.get("id").asText(), "confirmed");
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode books = books();
            assertThat(books.get("unapplied").asText()).isEqualTo("0.00");
            assertThat(books.get("refunded").asText()).isEqualTo("3.00");
            assertThat(books.get("final").asText()).isEqualTo("4.95");
            // Money out's view, a processor of its own, says the same once it has caught up.
            assertThat(balances().get("available").asText()).isEqualTo("4.95");
        });
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
        // The unapplied-funds report says the payment's money went back to the customer.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                api.get("/api/v1/reports/unapplied-funds", testKey).json().get("items"))
                .filteredOn(item -> item.get("invoiceId").asText().equals(invoiceId)).singleElement()
                .satisfies(item -> {
                    assertThat(item.get("amount").asText()).isEqualTo("3.00");
                    assertThat(item.get("refunded").asText()).isEqualTo("3.00");
                    assertThat(item.get("refundedAt").isNull()).isFalse();
                }));
    }

    /** Prevents: a refund whose block a reorg dropped being paid twice, or never. */
    @Test
    void aRefundReorganisedAwayBeforeFinalityIsSentAgainAsTheSameTransactionAndConfirmedOnce() {
        String invoiceId = settleAndAwaitFinal("5.00", "5.00").get("id").asText();
        Answer requested = requestRefund(invoiceId, Map.of("amount", "2.00", "address", CUSTOMER), null);
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        String id = requested.json().get("id").asText();
        String txHash = awaitRefund(id, "broadcast").get("txHash").asText();

        Answer reorg = await().atMost(PATIENCE).until(
                () -> api.post("/api/v1/sandbox/refunds/" + id + "/reorg", testKey, null),
                answer -> answer.status() != 409 || !answer.body().contains("not in a block yet"));
        assertThat(reorg.status()).as(reorg.body()).isEqualTo(202);
        assertThat(reorg.json().get("txHash").asText()).isEqualTo(txHash);
        long reorganisedFrom = reorg.json().get("blockNumber").asLong();

        JsonNode confirmed = awaitRefund(id, "confirmed");
        assertThat(confirmed.get("txHash").asText()).isEqualTo(txHash);
        assertThat(confirmed.get("attempt").asInt()).isEqualTo(1);
        assertThat(confirmed.get("blockNumber").asLong()).isGreaterThan(reorganisedFrom);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM watcher.sandbox_blocks WHERE transfers @> "
                                       + "jsonb_build_array(jsonb_build_object('txHash', ?::text))", Long.class,
                                       txHash)).isEqualTo(1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(books().get("refunded").asText()).isEqualTo("2.00"));
        // Once final, it cannot be reorganised away.
        assertThat(api.post("/api/v1/sandbox/refunds/" + id + "/reorg", testKey, null).status()).isEqualTo(409);
    }

    /** Prevents: concurrent refunds each seeing the whole invoice and together refunding more than it was paid. */
    @Test
    void concurrentRefundsNeverRefundMoreThanTheInvoiceWasPaidAndAFullRefundGivesTheWholeFeeBack() {
        String invoiceId = settleAndAwaitFinal("5.00", "5.00").get("id").asText(); // fee 0.05, net 4.95
        int requests = 8;
        List<Answer> answers = MoneyOut.atOnce(requests, () -> requestRefund(
                invoiceId, Map.of("amount", "1.00", "address", CUSTOMER), UUID.randomUUID().toString()));
        List<Answer> accepted = answers.stream().filter(a -> a.status() == 201).toList();
        List<Answer> refused = answers.stream().filter(a -> a.status() != 201).toList();
        assertThat(accepted).hasSize(5);
        assertThat(refused).hasSize(3).allSatisfy(answer -> assertProblem(answer, 422,
                                                                           "exceeds what the invoice can still refund"));
        BigDecimal fee = BigDecimal.ZERO;
        BigDecimal share = BigDecimal.ZERO;
        for (Answer answer : accepted) {
            JsonNode refund = awaitRefund(answer.json().get("id").asText(), "confirmed");
            fee = fee.add(new BigDecimal(refund.get("feeReversed").asText()));
            share = share.add(new BigDecimal(refund.get("merchantShare").asText()));
        }
        // Whatever the order, the whole fee is given back and exactly the net comes from the merchant.
        assertThat(fee).isEqualByComparingTo("0.05");
        assertThat(share).isEqualByComparingTo("4.95");
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode books = books();
            assertThat(books.get("refunded").asText()).isEqualTo("5.00");
            assertThat(books.get("final").asText()).isEqualTo("0.00");
            assertThat(balances().get("available").asText()).isEqualTo("0.00");
        });
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
        assertProblem(requestRefund(invoiceId, Map.of("amount", "0.01", "address", CUSTOMER), null), 422,
                      "0.00 USDT can be refunded now");
    }

    /** Prevents: a refund that failed on chain keeping the money held, or a retry paying twice. */
    @Test
    void aRefundThatRevertsIsRetriedByANewTransactionThenCancelledAndItsMoneyIsRefundableAgain() {
        String invoiceId = settleAndAwaitFinal("5.00", "5.00").get("id").asText();
        Answer requested = requestRefund(invoiceId, Map.of("amount", "5.00", "address", FAILING_ADDRESS), null);
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        assertThat(requested.json().get("status").asText()).isEqualTo("approved");
        String id = requested.json().get("id").asText();

        JsonNode failed = awaitRefund(id, "failed");
        assertThat(failed.get("failureReason").asText()).contains("reverted");
        String firstTx = failed.get("txHash").asText();
        // Still held, for a retry or a cancel.
        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(balances().get("reserved").asText()).isEqualTo("4.95"));

        Answer retried = api.post("/api/v1/refunds/" + id + "/retry", testKey, null);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("attempt").asInt()).isEqualTo(2);
        JsonNode failedAgain = await().atMost(PATIENCE).until(
                () -> api.get("/api/v1/refunds/" + id, testKey).json(),
                r -> r.get("attempt").asInt() == 2 && "failed".equals(r.get("status").asText()));
        assertThat(failedAgain.get("txHash").asText()).isNotEqualTo(firstTx);
        assertProblem(api.post("/api/v1/refunds/" + id + "/approve", testKey, null), 409, "retry it, or cancel it");

        Answer cancelled = api.post("/api/v1/refunds/" + id + "/cancel", testKey, "{\"reason\":\"wrong address\"}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertProblem(api.post("/api/v1/refunds/" + id + "/retry", testKey, null), 409, "is cancelled");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(balances().get("available").asText()).isEqualTo("4.95");
            assertThat(balances().get("reserved").asText()).isEqualTo("0.00");
            assertThat(books().get("refunded").asText()).isEqualTo("0.00");
            assertThat(books().get("final").asText()).isEqualTo("4.95");
        });
        // The invoice's money can be refunded again, in full.
        Answer again = await().atMost(PATIENCE).until(
                () -> requestRefund(invoiceId, Map.of("amount", "5.00", "address", CUSTOMER), null),
                a -> a.status() == 201);
        awaitRefund(again.json().get("id").asText(), "confirmed");
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM watcher.sandbox_payouts WHERE payout_id LIKE ?",
                                       Long.class, id + "/%")).isEqualTo(2);
    }

    /** Prevents: a refund the merchant's balance cannot cover, or of money not settled, holding anything. */
    @Test
    void refusedRefundsHoldNothing() {
        Answer unpaid = api.post("/api/v1/invoices", testKey, HttpApi.json(Map.of(
                "amount", "5.00", "asset", "USDT", "chain", "tron", "orderId", "rf-" + UUID.randomUUID())));
        // (The invoice is looked up in its view first, which may trail its creation by a moment.)
        assertProblem(await().atMost(PATIENCE).until(
                () -> requestRefund(unpaid.json().get("id").asText(), Map.of("amount", "1.00"), null),
                a -> a.status() != 404), 422, "only a settled invoice's money");
        assertProblem(requestRefund("inv_unknown0000000000000000", Map.of("amount", "1.00"), null), 404, "invoice");
        assertProblem(requestRefund(unpaid.json().get("id").asText(), Map.of("amount", "-1"), null), 400, "amount");
        // The other mode's invoice is unknown to a key; a live invoice cannot be refunded before the signer runs.
        assertProblem(api.post("/api/v1/invoices/" + unpaid.json().get("id").asText() + "/refunds", liveKey,
                               HttpApi.json(Map.of("amount", "1.00"))), 404, "not found");
        Answer live = api.post("/api/v1/invoices", liveKey, HttpApi.json(Map.of(
                "amount", "5.00", "asset", "USDT", "chain", "ethereum", "orderId", "rf-" + UUID.randomUUID())));
        assertThat(live.status()).as(live.body()).isEqualTo(201);
        assertProblem(await().atMost(PATIENCE).until(
                () -> api.post("/api/v1/invoices/" + live.json().get("id").asText() + "/refunds", liveKey,
                               HttpApi.json(Map.of("amount", "1.00"))), a -> a.status() != 404),
                      422, "live refunds need the signer");

        // The merchant pays its whole balance out: a refund then finds nothing to take its share from.
        String invoiceId = settleAndAwaitFinal("5.00", "5.00").get("id").asText();
        assertThat(api.send("PUT", "/api/v1/payout-addresses/tron", testKey,
                            "{\"address\":\"" + CUSTOMER + "\"}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/payouts", testKey, HttpApi.json(Map.of("chain", "tron", "amount", "4.95")))
                      .status()).isEqualTo(201);
        assertProblem(requestRefund(invoiceId, Map.of("amount", "1.00", "address", CUSTOMER), null), 422,
                      "insufficient available balance");
        // The payout's reservation, once the balances view has it; nothing for the refund (refused before any event
        // reserved it: the 422 answers the funds' refusal).
        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(balances().get("reserved").asText()).isEqualTo("4.95"));

        // More money settles: the same invoice can now be refunded, as much as before the refusal.
        settleAndAwaitFinal("5.00", "5.00");
        Answer refunded = await().atMost(PATIENCE).until(
                () -> requestRefund(invoiceId, Map.of("amount", "1.00", "address", CUSTOMER), null),
                a -> a.status() == 201);
        awaitRefund(refunded.json().get("id").asText(), "confirmed");
        assertThat(api.get("/api/v1/refunds?invoiceId=" + invoiceId, testKey).json().get("data")).hasSize(1);
    }

    private void assertProblem(Answer answer, int status, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains(detail);
    }

    private Answer requestRefund(String invoiceId, Map<String, String> body, String idempotencyKey) {
        return api.post("/api/v1/invoices/" + invoiceId + "/refunds", testKey, HttpApi.json(new HashMap<>(body)),
                        idempotencyKey);
    }

    private Answer claim(String claimId, String address) {
        return api.post("/api/v1/public/refund-claims/" + claimId, null,
                        HttpApi.json(Map.of("address", address)));
    }

    /** Creates an invoice, pays it with {@code paid}, and waits until its net is final (available to money out). */
    private JsonNode settleAndAwaitFinal(String amount, String paid) {
        String before = balances().get("available").asText();
        Answer created = api.post("/api/v1/invoices", testKey, HttpApi.json(Map.of(
                "amount", amount, "asset", "USDT", "chain", "tron", "orderId", "rf-" + UUID.randomUUID())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Answer pay = api.post("/api/v1/sandbox/invoices/" + id + "/pay", testKey,
                              HttpApi.json(Map.of("amount", paid)));
        assertThat(pay.status()).as(pay.body()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> "SETTLED".equals(
                api.get("/api/v1/invoices/" + id, testKey).json().get("status").asText()));
        await().atMost(PATIENCE).until(() -> balances().get("pending").asText().equals("0.00")
                                              && !balances().get("available").asText().equals(before));
        return created.json();
    }

    /** The merchant's USDT balances as money out sees them. */
    private JsonNode balances() {
        return MoneyOut.balances(api, testKey);
    }

    /** The merchant's USDT balances in the ledger. */
    private JsonNode books() {
        return api.get("/api/v1/balances", testKey).json().get("balances").get(0);
    }

    private List<String> told(String refundId) {
        List<String> told = new ArrayList<>();
        for (JsonNode event : api.get("/api/v1/events?limit=100", testKey).json().get("data")) {
            JsonNode object = event.get("data").get("object");
            if (refundId.equals(object.path("id").asText())) {
                told.add(event.get("type").asText() + ":" + object.get("status").asText());
            }
        }
        return told;
    }

    private JsonNode awaitRefund(String id, String status) {
        return await().atMost(PATIENCE).until(() -> api.get("/api/v1/refunds/" + id, testKey).json(),
                                              refund -> status.equals(refund.path("status").asText()));
    }
}
