package dev.tally.launcher.payouts;

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

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Payouts on the sandbox chain, over HTTP through the real launcher: money is paid out only once it is final on
 * chain, concurrent requests never take more than the balance together, each payout is one transaction confirmed
 * after finality, a payout that reverts on chain gives its money back, and a changed payout address waits out its
 * delay.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + PayoutsSandboxTest.ADMIN_KEY,
                "tally.sandbox.block-interval=100ms",
                // Final 3 s after inclusion: long enough to reorganise a payout away before, short enough to wait for.
                "tally.sandbox.finality-depth=30",
                // Snapshots every few events, so that the funds are loaded from snapshots while payouts are decided.
                "tally.payouts.funds-snapshot-after=3",
                // Merchants pay 0.25 towards each Ethereum payout's network fee (Tron's the platform bears).
                "tally.payouts.network-fee.ethereum=0.25",
                "spring.datasource.hikari.maximum-pool-size=10"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class PayoutsSandboxTest {
    static final String ADMIN_KEY = "tly_admin_payouts_0123456789abcdefghijklm";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ADDRESS = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
    private static final String NEW_ADDRESS = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8";
    /** A payout to it reverts on the sandbox chain (documented in docs/payouts.md). */
    private static final String FAILING_ADDRESS = "T9yD14Nj9j7xAB4dbGeiX9h8uptqnv3PY4";
    private static final String EVM_ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";
    /** A payout to it reverts on the sandbox chain (documented in docs/payouts.md). */
    private static final String FAILING_EVM_ADDRESS = "0x000000000000000000000000000000000000fa11";

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
        Answer merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Payouts " + UUID.randomUUID() + "\"}");
        assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
        testKey = merchant.json().get("testApiKey").asText();
        liveKey = merchant.json().get("apiKey").asText();
    }

    /** Prevents: twenty concurrent payouts each seeing the whole balance and together overdrawing it. */
    @Test
    void concurrentPayoutsTakeExactlyWhatTheFinalBalanceCovers() throws Exception {
        setAddress(ADDRESS);
        settleAndAwaitFinal("5.00", "5.00"); // 2 × 4.95 net
        assertThat(balances().get("available").asText()).isEqualTo("9.90");

        int requests = 20;
        List<Answer> answers = MoneyOut.atOnce(requests, () -> requestPayout("1.00", UUID.randomUUID().toString()));
        List<Answer> accepted = answers.stream().filter(a -> a.status() == 201).toList();
        List<Answer> refused = answers.stream().filter(a -> a.status() != 201).toList();
        assertThat(accepted).hasSize(9);
        assertThat(refused).hasSize(11).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isEqualTo(422);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("detail").asText()).contains("insufficient available balance");
        });
        accepted.forEach(answer -> {
            assertThat(answer.json().get("status").asText()).isEqualTo("pending");
            assertThat(answer.json().get("destination").asText()).isEqualTo(ADDRESS);
            assertThat(answer.json().get("amount").asText()).isEqualTo("1.00");
        });

        Set<String> txHashes = new HashSet<>();
        for (Answer answer : accepted) {
            JsonNode payout = awaitPayout(answer.json().get("id").asText(), "confirmed");
            assertThat(payout.get("blockNumber").asLong()).isPositive();
            txHashes.add(payout.get("txHash").asText());
        }
        assertThat(txHashes).hasSize(9);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode balance = balances();
            assertThat(balance.get("available").asText()).isEqualTo("0.90");
            assertThat(balance.get("reserved").asText()).isEqualTo("0.00");
            assertThat(balance.get("pending").asText()).isEqualTo("0.00");
        });
        assertThat(api.get("/api/v1/payouts?limit=100", testKey).json().get("items")).hasSize(9);
        // The books say the same: 9.00 paid out of the final 9.90, nothing still held, every base unit accounted for.
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode books = api.get("/api/v1/balances", testKey).json().get("balances").get(0);
            assertThat(books.get("paidOut").asText()).isEqualTo("9.00");
            assertThat(books.get("payingOut").asText()).isEqualTo("0.00");
            assertThat(books.get("final").asText()).isEqualTo("0.90");
        });
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
        // The funds were decided from snapshots along the way.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM eventstore.snapshot_event_entry "
                                       + "WHERE aggregate_identifier LIKE 'fnd_test_%'", Long.class)).isPositive();
    }

    /** Prevents: money that is not final on chain (a reorg can still take it) being paid out. */
    @Test
    void moneyNotYetFinalIsNotPaidOut() {
        setAddress(ADDRESS);
        Answer refused = requestPayout("0.01", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("detail").asText()).contains("0.00 USDT available");
        assertThat(api.get("/api/v1/payouts", testKey).json().get("items")).isEmpty();
    }

    /** Prevents: a payout that failed on chain keeping the merchant's money, or being retried into a second send. */
    @Test
    void aPayoutThatRevertsOnChainGivesItsMoneyBack() {
        setAddress(FAILING_ADDRESS);
        settleAndAwaitFinal("5.00");
        String key = UUID.randomUUID().toString();
        Answer requested = requestPayout("4.95", key);
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        String id = requested.json().get("id").asText();

        JsonNode failed = awaitPayout(id, "failed");
        assertThat(failed.get("failureReason").asText()).contains("reverted");
        assertThat(failed.get("txHash").asText()).isNotBlank();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(balances().get("available").asText()).isEqualTo("4.95");
            assertThat(balances().get("reserved").asText()).isEqualTo("0.00");
        });
        JsonNode books = api.get("/api/v1/balances", testKey).json().get("balances").get(0);
        assertThat(books.get("paidOut").asText()).isEqualTo("0.00");
        assertThat(books.get("final").asText()).isEqualTo("4.95");
        // The merchant was told at every step (events API; webhooks carry the same events).
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<String> told = new ArrayList<>();
            for (JsonNode event : api.get("/api/v1/events?limit=100", testKey).json().get("data")) {
                JsonNode object = event.get("data").get("object");
                if (id.equals(object.path("id").asText())) {
                    told.add(event.get("type").asText() + ":" + object.get("status").asText());
                }
            }
            assertThat(told).containsExactly("payout.created:pending", "payout.broadcast:broadcast",
                                             "payout.failed:failed");
        });
        // The same request again is the same payout, not a second one.
        Answer again = requestPayout("4.95", key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("id").asText()).isEqualTo(id);
        assertThat(api.get("/api/v1/payouts", testKey).json().get("items")).hasSize(1);
    }

    /** Prevents: a payout whose block a reorg dropped being paid twice, or never. */
    @Test
    void aPayoutReorganisedAwayBeforeFinalityIsSentAgainAsTheSameTransactionAndConfirmedOnce() {
        setAddress(ADDRESS);
        settleAndAwaitFinal("5.00");
        Answer requested = requestPayout("2.00", null);
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        String id = requested.json().get("id").asText();
        String txHash = awaitPayout(id, "broadcast").get("txHash").asText();

        Answer reorg = await().atMost(PATIENCE).until(
                () -> api.post("/api/v1/sandbox/payouts/" + id + "/reorg", testKey, null),
                answer -> answer.status() != 409 || !answer.body().contains("not in a block yet"));
        assertThat(reorg.status()).as(reorg.body()).isEqualTo(202);
        long reorganisedFrom = reorg.json().get("blockNumber").asLong();

        JsonNode confirmed = awaitPayout(id, "confirmed");
        assertThat(confirmed.get("txHash").asText()).isEqualTo(txHash);
        assertThat(confirmed.get("blockNumber").asLong()).isGreaterThan(reorganisedFrom);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM watcher.sandbox_blocks WHERE transfers @> "
                                       + "jsonb_build_array(jsonb_build_object('txHash', ?::text))", Long.class,
                                       txHash)).isEqualTo(1);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(balances().get("available").asText()).isEqualTo("2.95");
            assertThat(balances().get("reserved").asText()).isEqualTo("0.00");
        });
    }

    /**
     * Prevents: a network fee charged to the merchant overdrawing the balance, going unbooked, or being kept when
     * nothing was paid out.
     */
    @Test
    void aNetworkFeeChargedToTheMerchantIsTakenWithThePayoutAndBooked() {
        Answer set = api.send("PUT", "/api/v1/payout-addresses/ethereum", testKey,
                              "{\"address\":\"" + EVM_ADDRESS + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        settleAndAwaitFinal("5.00"); // 4.95 net

        Answer tooMuch = api.post("/api/v1/payouts", testKey,
                                  HttpApi.json(Map.of("chain", "ethereum", "amount", "4.95")), null);
        assertProblem(tooMuch, 422, "5.20 needed (4.95 requested and a network fee of 0.25)");
        Answer requested = api.post("/api/v1/payouts", testKey,
                                    HttpApi.json(Map.of("chain", "ethereum", "amount", "4.70")), null);
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        assertThat(requested.json().get("amount").asText()).isEqualTo("4.70");
        assertThat(requested.json().get("networkFeeCharged").asText()).isEqualTo("0.25");
        await().atMost(PATIENCE).until(() -> "0.00".equals(balances().get("available").asText()));

        JsonNode confirmed = awaitPayout(requested.json().get("id").asText(), "confirmed");
        assertThat(confirmed.get("networkFeeCharged").asText()).isEqualTo("0.25");
        // On chain, the amount alone; in the books, the fee beside it, and every base unit accounted for.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM watcher.sandbox_blocks b, "
                                       + "jsonb_array_elements(b.transfers) t "
                                       + "WHERE t->>'txHash' = ? AND (t->>'baseUnits')::bigint = 4700000",
                                       Long.class, confirmed.get("txHash").asText())).isEqualTo(1);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode books = api.get("/api/v1/balances", testKey).json().get("balances").get(0);
            assertThat(books.get("paidOut").asText()).isEqualTo("4.70");
            assertThat(books.get("payingOut").asText()).isEqualTo("0.00");
            assertThat(books.get("final").asText()).isEqualTo("0.00");
        });
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
    }

    /** Prevents: a network fee charged with a payout kept by the platform when the payout reverts on chain. */
    @Test
    void aNetworkFeeChargedWithAPayoutThatRevertsIsGivenBackWithIt() {
        Answer set = api.send("PUT", "/api/v1/payout-addresses/ethereum", testKey,
                              "{\"address\":\"" + FAILING_EVM_ADDRESS + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        settleAndAwaitFinal("5.00"); // 4.95 net
        Answer requested = api.post("/api/v1/payouts", testKey,
                                    HttpApi.json(Map.of("chain", "ethereum", "amount", "4.70")), null);
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        assertThat(requested.json().get("networkFeeCharged").asText()).isEqualTo("0.25");

        JsonNode failed = awaitPayout(requested.json().get("id").asText(), "failed");
        assertThat(failed.get("networkFeeCharged").asText()).isEqualTo("0.25");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(balances().get("available").asText()).isEqualTo("4.95");
            assertThat(balances().get("reserved").asText()).isEqualTo("0.00");
            JsonNode books = api.get("/api/v1/balances", testKey).json().get("balances").get(0);
            assertThat(books.get("paidOut").asText()).isEqualTo("0.00");
            assertThat(books.get("payingOut").asText()).isEqualTo("0.00");
            assertThat(books.get("final").asText()).isEqualTo("4.95");
        });
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
    }

    /** A threshold schedule pays the whole available balance out unasked, once it reaches the threshold. */
    @Test
    void aThresholdSchedulePaysOutUnaskedOnceTheBalanceReachesIt() {
        setAddress(ADDRESS);
        Answer scheduled = api.send("PUT", "/api/v1/payout-schedule", testKey,
                                    "{\"chain\":\"tron\",\"kind\":\"threshold\",\"amount\":\"9.00\"}");
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
        assertThat(scheduled.json().get("kind").asText()).isEqualTo("threshold");
        List<String> invoices = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Answer created = api.post("/api/v1/invoices", testKey, HttpApi.json(Map.of(
                    "amount", "5.00", "asset", "USDT", "chain", "tron", "orderId", "po-" + UUID.randomUUID())));
            invoices.add(created.json().get("id").asText());
            assertThat(api.post("/api/v1/sandbox/invoices/" + invoices.get(i) + "/pay", testKey, "{}").status())
                    .isEqualTo(202);
        }
        // The first net alone (4.95) is below the threshold; with the second (9.90) it is paid out, all of it.
        JsonNode automatic = await().atMost(PATIENCE).until(
                () -> api.get("/api/v1/payouts", testKey).json(),
                page -> page.get("items").size() == 1
                        && "confirmed".equals(page.get("items").get(0).get("status").asText())).get("items").get(0);
        assertThat(automatic.get("trigger").asText()).isEqualTo("threshold");
        assertThat(automatic.get("amount").asText()).isEqualTo("9.90");
        assertThat(automatic.get("destination").asText()).isEqualTo(ADDRESS);
        JsonNode page = api.get("/api/v1/payouts", testKey).json();
        assertThat(page.get("schedule").get("kind").asText()).isEqualTo("threshold");
        assertThat(page.get("schedule").get("amount").asText()).isEqualTo("9.00");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(balances().get("available").asText()).isEqualTo("0.00");
            assertThat(balances().get("reserved").asText()).isEqualTo("0.00");
        });
        Answer nothingLeft = requestPayout("0.01", null);
        assertThat(nothingLeft.status()).as(nothingLeft.body()).isEqualTo(422);
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
    }

    /** A daily schedule is kept by the persistent deadline manager; another schedule replaces it. */
    @Test
    void aDailyScheduleRunsNextAtItsTimeAndAnotherScheduleReplacesIt() {
        setAddress(ADDRESS);
        Answer daily = api.send("PUT", "/api/v1/payout-schedule", testKey,
                                "{\"chain\":\"tron\",\"kind\":\"daily\",\"amount\":\"1.00\"}");
        assertThat(daily.status()).as(daily.body()).isEqualTo(200);
        Instant nextRunAt = Instant.parse(daily.json().get("nextRunAt").asText());
        assertThat(nextRunAt).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofDays(1)));
        assertThat(nextRunAt.atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
        Answer manual = api.send("PUT", "/api/v1/payout-schedule", testKey,
                                 "{\"chain\":\"tron\",\"kind\":\"manual\"}");
        assertThat(manual.status()).as(manual.body()).isEqualTo(200);
        assertThat(manual.json().get("nextRunAt").isNull()).isTrue();
        await().atMost(PATIENCE).until(() -> "manual".equals(
                api.get("/api/v1/payouts", testKey).json().get("schedule").get("kind").asText()));
    }

    /** Prevents: a stolen API key redirecting the next payout at once. */
    @Test
    void aChangedPayoutAddressTakesEffectOnlyAfterItsDelay() {
        JsonNode first = setAddress(ADDRESS);
        assertThat(first.get("effectiveAt").asText()).isEqualTo(first.get("requestedAt").asText());
        JsonNode change = setAddress(NEW_ADDRESS);
        assertThat(change.get("previous").asText()).isEqualTo(ADDRESS);
        assertThat(Duration.between(Instant.parse(change.get("requestedAt").asText()),
                                    Instant.parse(change.get("effectiveAt").asText()))).isEqualTo(Duration.ofHours(24));

        settleAndAwaitFinal("5.00");
        Answer payout = requestPayout("1.00", null);
        assertThat(payout.status()).as(payout.body()).isEqualTo(201);
        assertThat(payout.json().get("destination").asText()).isEqualTo(ADDRESS);
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<String> changes = new ArrayList<>();
            for (JsonNode event : api.get("/api/v1/events?type=payout_address.changed", testKey).json().get("data")) {
                changes.add(event.get("data").get("object").get("address").asText());
            }
            assertThat(changes).containsExactlyInAnyOrder(ADDRESS, NEW_ADDRESS);
            JsonNode addresses = api.get("/api/v1/payout-addresses", testKey).json();
            assertThat(addresses).hasSize(1);
            assertThat(addresses.get(0).get("address").asText()).isEqualTo(NEW_ADDRESS);
            assertThat(addresses.get(0).get("previous").asText()).isEqualTo(ADDRESS);
        });
    }

    @Test
    void badRequestsAreRefusedClearlyAndLeaveNothing() {
        setAddress(ADDRESS);
        assertProblem(api.send("PUT", "/api/v1/payout-addresses/tron", testKey, "{\"address\":\"TNotAnAddress\"}"),
                      400, "Tron address");
        assertProblem(api.send("PUT", "/api/v1/payout-addresses/ethereum", testKey,
                               "{\"address\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\"}"), 400, "EIP-55");
        assertProblem(api.send("PUT", "/api/v1/payout-addresses/bitcoin", testKey, "{\"address\":\"" + ADDRESS + "\"}"),
                      400, "tron, ethereum");
        Answer invoice = api.post("/api/v1/invoices", testKey, HttpApi.json(Map.of(
                "amount", "1.00", "asset", "USDT", "chain", "tron", "orderId", "po-" + UUID.randomUUID())));
        String depositAddress = invoice.json().get("depositAddress").asText();
        assertProblem(api.send("PUT", "/api/v1/payout-addresses/tron", testKey,
                               "{\"address\":\"" + depositAddress + "\"}"), 422, "deposit addresses");
        assertProblem(api.post("/api/v1/payouts", testKey, "{\"chain\":\"tron\",\"amount\":\"-1\"}"), 400,
                      "plain decimal");
        assertProblem(api.post("/api/v1/payouts", testKey, "{\"chain\":\"tron\",\"amount\":\"0.0000001\"}"), 400,
                      "decimal places");
        assertProblem(api.post("/api/v1/payouts", testKey, "{\"chain\":\"ethereum\",\"amount\":\"1.00\"}"), 422,
                      "no payout address on ethereum");
        assertProblem(api.post("/api/v1/payouts", liveKey, "{\"chain\":\"tron\",\"amount\":\"1.00\"}"), 422,
                      "signer");
        assertProblem(api.send("PUT", "/api/v1/payout-schedule", testKey,
                               "{\"chain\":\"tron\",\"kind\":\"weekly\",\"amount\":\"1.00\"}"), 400,
                      "manual, threshold, daily");
        assertProblem(api.send("PUT", "/api/v1/payout-schedule", testKey,
                               "{\"chain\":\"ethereum\",\"kind\":\"threshold\",\"amount\":\"1.00\"}"), 422,
                      "no payout address on ethereum");
        assertThat(api.get("/api/v1/payouts", testKey).json().get("items")).isEmpty();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(api.get("/api/v1/payout-addresses", testKey).json())
                .singleElement().satisfies(address -> assertThat(address.get("address").asText()).isEqualTo(ADDRESS)));
    }

    private void assertProblem(Answer answer, int status, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains(detail);
    }

    private JsonNode setAddress(String address) {
        Answer set = api.send("PUT", "/api/v1/payout-addresses/tron", testKey, "{\"address\":\"" + address + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        return set.json();
    }

    private Answer requestPayout(String amount, String idempotencyKey) {
        return api.post("/api/v1/payouts", testKey, HttpApi.json(Map.of("chain", "tron", "amount", amount)),
                        idempotencyKey);
    }

    /** Creates and pays one invoice per amount, and waits until all their nets are available. */
    private void settleAndAwaitFinal(String... amounts) {
        String before = balances().get("available").asText();
        List<String> invoices = new ArrayList<>();
        for (String amount : amounts) {
            Answer created = api.post("/api/v1/invoices", testKey, HttpApi.json(Map.of(
                    "amount", amount, "asset", "USDT", "chain", "tron", "orderId", "po-" + UUID.randomUUID())));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").asText();
            Answer paid = api.post("/api/v1/sandbox/invoices/" + id + "/pay", testKey, "{}");
            assertThat(paid.status()).as(paid.body()).isEqualTo(202);
            invoices.add(id);
        }
        for (String id : invoices) {
            await().atMost(PATIENCE).until(() -> "SETTLED".equals(
                    api.get("/api/v1/invoices/" + id, testKey).json().get("status").asText()));
        }
        await().atMost(PATIENCE).until(() -> balances().get("pending").asText().equals("0.00")
                                              && !balances().get("available").asText().equals(before));
    }

    /** The merchant's USDT balances as money out sees them. */
    private JsonNode balances() {
        return MoneyOut.balances(api, testKey);
    }

    private JsonNode awaitPayout(String id, String status) {
        return await().atMost(PATIENCE).until(() -> api.get("/api/v1/payouts/" + id, testKey).json(),
                                              payout -> status.equals(payout.get("status").asText()));
    }
}
