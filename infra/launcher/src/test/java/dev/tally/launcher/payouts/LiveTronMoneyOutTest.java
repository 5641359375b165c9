package dev.tally.launcher.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tally.launcher.HttpApi;
import dev.tally.watcher.send.Sweeps;
import org.springframework.beans.factory.annotation.Autowired;
import dev.tally.launcher.MoneyOut;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import dev.tally.watcher.tron.TronTestNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tron.trident.core.key.KeyPair;

/**
 * Live payouts on Tron, through the signer, on a Tron node that checks signatures and resources as the network does:
 * a live invoice paid by a customer's signed transfer, settled and final; a payout drafted by the node, signed from
 * the hot wallet, taken, mined and final, with the TRX it burned recorded and booked; a refund paid the same way; a
 * payout whose block a reorganisation drops before it is solidified handed over again, the same transaction, and
 * paid once; a payout asked for while the node cannot be reached kept, reported, and paid once it can; with the hot
 * wallet out of TRX and energy, a payout's transaction is refused, kept, expires unmined and fails with nothing paid,
 * its money available again; with energy delegated to the hot wallet, a payout burns no TRX.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + LiveTronMoneyOutTest.ADMIN_KEY,
                "tally.chains.tron.poll-interval=100ms",
                "tally.money-out.follow-interval=100ms",
                "tally.money-out.stuck-after=0s",
                "tally.signer.password=tron-test",
                // Sweeps run when the test asks (a round an hour would never come).
                "tally.sweeps.interval=1h",
                "tally.sweeps.threshold=1"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext
class LiveTronMoneyOutTest {
    static final String ADMIN_KEY = "tly_admin_live_tron_money_out_0123456789ab";
    private static final String MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                                           + "abandon abandon about";
    private static final String PAYOUT_ADDRESS = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";

    private static final TronChain TRON = new TronChain(MNEMONIC);
    private static final TronTestNode NODE = TRON.node;
    private static final String HOT_WALLET = TRON.hotWallet();

    static {
        NODE.mint(HOT_WALLET, 100_000_000); // the operator funds the hot wallet
        NODE.fund(HOT_WALLET, 50_000_000);
        TRON.mine();
    }

    @LocalServerPort
    int port;
    @Autowired
    Sweeps sweeps;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) {
        TRON.register(registry);
    }

    @AfterAll
    static void stop() {
        TRON.close();
    }

    @Test
    void livePayoutsGoOutOnTronOnceThroughTheSignerWithWhatTheyBurned() {
        HttpApi api = new HttpApi(port);
        String key = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Tron shop " + UUID.randomUUID() + "\"}")
                        .json().get("apiKey").asText();
        HttpApi.Answer address = api.send("PUT", "/api/v1/payout-addresses/tron", key,
                                          HttpApi.json(Map.of("address", PAYOUT_ADDRESS)));
        assertThat(address.status()).as(address.body()).isEqualTo(200);

        // A live invoice of 20.00 paid by a customer's signed transfer, settled and final.
        HttpApi.Answer created = api.post("/api/v1/invoices", key, HttpApi.json(Map.of(
                "amount", "20", "asset", "USDT", "chain", "tron", "orderId", "tron-1")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        KeyPair customer = KeyPair.generate();
        NODE.mint(customer.toBase58CheckAddress(), 20_000_000);
        NODE.fund(customer.toBase58CheckAddress(), 20_000_000);
        NODE.pay(customer, created.json().get("depositAddress").asText(), 20_000_000);
        TRON.mineUntil(() -> "19.80".equals(MoneyOut.balances(api, key).get("available").asText()));

        // The deposit address's final 20.00 swept to the hot wallet, and 1.00 paid after it, mined but not solidified
        // (a reorganisation could still take it), left where it is. The address holds no TRX: the hot wallet sends it
        // what its transfer may burn, 14.0983 TRX (the node's 29 650 energy at 420 SUN, 10 % more, and 400 bytes of
        // bandwidth at 1 000 SUN), and the sweep, handed over once that is mined, burns 12.453.
        String deposit = created.json().get("depositAddress").asText();
        NODE.mint(customer.toBase58CheckAddress(), 1_000_000);
        NODE.fund(customer.toBase58CheckAddress(), 12_453_000);
        NODE.pay(customer, deposit, 1_000_000);
        NODE.mine(TRON.nextBlockTime()); // not solidified
        long hotTrx = NODE.trxOf(HOT_WALLET);
        NODE.fund(HOT_WALLET, 30_000_000);
        long hotTokens = NODE.tokensOf(HOT_WALLET);
        await().atMost(Duration.ofSeconds(30)).until(() -> sweeps.plan() == 1);
        assertThat(sweeps.plan()).isZero(); // asked again while that sweep is on its way: no second one
        String firstPath = "/api/v1/admin/sweeps/"
                           + MoneyOut.sweep(api, ADMIN_KEY, deposit, "20.00").get("id").asText();
        JsonNode swept = TRON.mineUntilStatus(api, ADMIN_KEY, firstPath, "confirmed");
        assertThat(swept.get("networkFee").get("amount").asText()).isEqualTo("12.453");
        assertThat(swept.get("topUpFee").get("coin").asText()).isEqualTo("TRX");
        assertThat(NODE.tokensOf(deposit)).isEqualTo(1_000_000);
        assertThat(NODE.tokensOf(HOT_WALLET)).isEqualTo(hotTokens + 20_000_000);
        assertThat(NODE.trxOf(deposit)).isEqualTo(14_098_300 - 12_453_000);
        // The 1.00, solidified now, swept by a second sweep; the address is sent only what it lacks for it.
        TRON.mineUntil(() -> sweeps.plan() == 1);
        String secondPath = "/api/v1/admin/sweeps/"
                            + MoneyOut.sweep(api, ADMIN_KEY, deposit, "1.00").get("id").asText();
        TRON.mineUntilStatus(api, ADMIN_KEY, secondPath, "confirmed");
        assertThat(NODE.tokensOf(deposit)).isZero();
        assertThat(NODE.tokensOf(HOT_WALLET)).isEqualTo(hotTokens + 21_000_000);
        assertThat(NODE.trxOf(deposit)).isEqualTo(14_098_300 - 12_453_000);
        assertThat(NODE.trxOf(HOT_WALLET)).isEqualTo(hotTrx + 30_000_000 - 14_098_300 - 12_453_000);
        assertThat(sweeps.plan()).isZero();
        NODE.fund(HOT_WALLET, hotTrx - NODE.trxOf(HOT_WALLET)); // the hot wallet's TRX as it was, for the payouts

        // A payout of 5.00: drafted by the node, signed, taken, mined, final; 29 650 energy burned as 12.453 TRX.
        JsonNode paid = TRON.mineUntilStatus(api, key, "/api/v1/payouts/" + requestPayout(api, key, "5"), "confirmed");
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(5_000_000);
        assertThat(paid.get("networkFee").get("coin").asText()).isEqualTo("TRX");
        assertThat(paid.get("networkFee").get("amount").asText()).isEqualTo("12.453");
        assertThat(NODE.trxOf(HOT_WALLET)).isEqualTo(50_000_000 - 12_453_000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode entries = api.get("/api/v1/admin/network-fees?limit=100", ADMIN_KEY).json().get("entries");
            assertThat(entries.findValuesAsText("id")).contains(paid.get("id").asText() + "/transaction");
        });

        // A refund of 1.00 to the customer's address: the same way, from the hot wallet.
        HttpApi.Answer refund = api.post("/api/v1/invoices/" + created.json().get("id").asText() + "/refunds", key,
                                         HttpApi.json(Map.of("amount", "1", "reason", "one item short",
                                                             "address", customer.toBase58CheckAddress())),
                                         UUID.randomUUID().toString());
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        JsonNode refunded = TRON.mineUntilStatus(api, key, "/api/v1/refunds/" + refund.json().get("id").asText(),
                                            "confirmed");
        assertThat(refunded.get("networkFee").get("amount").asText()).isEqualTo("12.453");
        assertThat(NODE.tokensOf(customer.toBase58CheckAddress())).isEqualTo(1_000_000);

        // A payout of 0.25 whose block a reorganisation drops before it is solidified: the same transaction is handed
        // over again, mined again, and pays once, its TRX burned once.
        NODE.fund(HOT_WALLET, 12_453_000);
        long trxBefore = NODE.trxOf(HOT_WALLET);
        String reorged = "/api/v1/payouts/" + requestPayout(api, key, "0.25");
        String txHash = await().atMost(Duration.ofSeconds(30))
                               .until(() -> api.get(reorged, key).json().path("txHash").asText(null),
                                      hash -> hash != null);
        TRON.mine(); // its block, the newest: not solidified
        assertThat(NODE.blockHolding(txHash)).isPositive();
        NODE.orphanHead();
        assertThat(NODE.blockHolding(txHash)).isZero();
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(5_000_000);
        JsonNode paidOnce = TRON.mineUntilStatus(api, key, reorged, "confirmed");
        assertThat(paidOnce.get("txHash").asText()).isEqualTo(txHash);
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(5_250_000);
        assertThat(NODE.trxOf(HOT_WALLET)).isEqualTo(trxBefore - 12_453_000);

        // The node unreachable when a payout is asked for: the payout is kept, not signed, and the health says why;
        // once the node answers, it is signed and paid once.
        NODE.draftsUnavailable(true);
        String waiting = "/api/v1/payouts/" + requestPayout(api, key, "0.5");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode health = api.get("/actuator/health", ADMIN_KEY).json().path("components").path("liveTransfers");
            return health.path("details").path("stuck").toString().contains("UNAVAILABLE");
        });
        assertThat(api.get(waiting, key).json().get("status").asText()).isEqualTo("pending");
        NODE.draftsUnavailable(false);
        TRON.mineUntilStatus(api, key, waiting, "confirmed");
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(5_750_000);

        // The hot wallet out of TRX and energy: the node refuses the transaction; it is kept until it expires
        // unmined, and the payout fails with nothing paid, its money available again.
        NODE.fund(HOT_WALLET, -NODE.trxOf(HOT_WALLET));
        String available = MoneyOut.balances(api, key).get("available").asText();
        String starved = "/api/v1/payouts/" + requestPayout(api, key, "2");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode health = api.get("/actuator/health", ADMIN_KEY).json().path("components").path("liveTransfers");
            return health.path("details").path("stuck").toString().contains("balance is not sufficient");
        });
        // The next blocks past its expiration (the node's 60 s after the block it was drafted on).
        TRON.later(Duration.ofMillis(TronTestNode.EXPIRATION_MILLIS + 5_000));
        JsonNode expired = TRON.mineUntilStatus(api, key, starved, "failed");
        assertThat(expired.get("failureReason").asText()).contains("expired");
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(5_750_000);
        await().atMost(Duration.ofSeconds(30))
               .until(() -> available.equals(MoneyOut.balances(api, key).get("available").asText()));

        // Energy delegated to the hot wallet (from the platform's staked TRX): a payout burns no TRX.
        NODE.delegateEnergy(HOT_WALLET, 29_650);
        JsonNode delegated = TRON.mineUntilStatus(api, key, "/api/v1/payouts/" + requestPayout(api, key, "1"),
                                             "confirmed");
        assertThat(delegated.get("networkFee").get("amount").asText()).isEqualTo("0");
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(6_750_000);
        assertThat(NODE.trxOf(HOT_WALLET)).isZero();
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
    }

    private static String requestPayout(HttpApi api, String key, String amount) {
        HttpApi.Answer answer = api.post("/api/v1/payouts", key,
                                         HttpApi.json(Map.of("chain", "tron", "amount", amount)),
                                         UUID.randomUUID().toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asText();
    }
}
