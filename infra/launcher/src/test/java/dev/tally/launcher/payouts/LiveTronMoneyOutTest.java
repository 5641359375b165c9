package dev.tally.launcher.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tally.command.address.ExtendedPrivateKey;
import dev.tally.kernel.money.Chain;
import dev.tally.launcher.HttpApi;
import dev.tally.watcher.send.Sweeps;
import org.springframework.beans.factory.annotation.Autowired;
import dev.tally.launcher.MoneyOut;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import dev.tally.signer.SeedKeystore;
import dev.tally.signer.SignerModule;
import dev.tally.signer.SignerProperties;
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
import org.web3j.crypto.MnemonicUtils;

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

    /**
     * The node's clock: the wall clock, never behind the last block. Blocks ahead of it would wait for it in the
     * scanner, which reads no block before the watched addresses cover its time.
     */
    private static final AtomicReference<Instant> BLOCK_TIME = new AtomicReference<>(Instant.now());
    private static final TronTestNode NODE = TronTestNode.start();
    private static String hotWallet;
    private static final Path KEYSTORE = keystore();

    @LocalServerPort
    int port;
    @Autowired
    Sweeps sweeps;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) {
        registry.add("tally.chains.tron.endpoints[0].url", NODE::url);
        registry.add("tally.chains.tron.xpub", () -> ExtendedPrivateKey.fromSeed(
                MnemonicUtils.generateSeed(MNEMONIC, null)).derivePath("m/44'/195'/0'").publicKey().serialize());
        registry.add("tally.signer.keystore", KEYSTORE::toString);
    }

    private static Path keystore() {
        try {
            Path file = Files.createTempDirectory("tally-live-tron").resolve("signer.keystore");
            SeedKeystore.create(file, MNEMONIC, "tron-test".toCharArray());
            SignerProperties properties = new SignerProperties();
            properties.setKeystore(file);
            properties.setPassword("tron-test");
            hotWallet = SignerModule.hotWallets(properties).get(Chain.TRON);
            NODE.mint(hotWallet, 100_000_000); // the operator funds the hot wallet
            NODE.fund(hotWallet, 50_000_000);
            mine();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        NODE.close();
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
        mineUntil(() -> "19.80".equals(MoneyOut.balances(api, key).get("available").asText()));

        // The deposit address's final 20.00 swept to the hot wallet, and 1.00 paid after it, mined but not solidified
        // (a reorganisation could still take it), left where it is. The address holds no TRX: the hot wallet sends it
        // what its transfer may burn, 14.0983 TRX (the node's 29 650 energy at 420 SUN, 10 % more, and 400 bytes of
        // bandwidth at 1 000 SUN), and the sweep, handed over once that is mined, burns 12.453.
        String deposit = created.json().get("depositAddress").asText();
        NODE.mint(customer.toBase58CheckAddress(), 1_000_000);
        NODE.fund(customer.toBase58CheckAddress(), 12_453_000);
        NODE.pay(customer, deposit, 1_000_000);
        NODE.mine(nextBlockTime()); // not solidified
        long hotTrx = NODE.trxOf(hotWallet);
        NODE.fund(hotWallet, 30_000_000);
        long hotTokens = NODE.tokensOf(hotWallet);
        await().atMost(Duration.ofSeconds(30)).until(() -> sweeps.plan() == 1);
        assertThat(sweeps.plan()).isZero(); // asked again while that sweep is on its way: no second one
        String firstPath = "/api/v1/admin/sweeps/"
                           + MoneyOut.sweep(api, ADMIN_KEY, deposit, "20.00").get("id").asText();
        JsonNode swept = mineUntilStatus(api, ADMIN_KEY, firstPath, "confirmed");
        assertThat(swept.get("networkFee").get("amount").asText()).isEqualTo("12.453");
        assertThat(swept.get("topUpFee").get("coin").asText()).isEqualTo("TRX");
        assertThat(NODE.tokensOf(deposit)).isEqualTo(1_000_000);
        assertThat(NODE.tokensOf(hotWallet)).isEqualTo(hotTokens + 20_000_000);
        assertThat(NODE.trxOf(deposit)).isEqualTo(14_098_300 - 12_453_000);
        // The 1.00, solidified now, swept by a second sweep; the address is sent only what it lacks for it.
        mineUntil(() -> sweeps.plan() == 1);
        String secondPath = "/api/v1/admin/sweeps/"
                            + MoneyOut.sweep(api, ADMIN_KEY, deposit, "1.00").get("id").asText();
        mineUntilStatus(api, ADMIN_KEY, secondPath, "confirmed");
        assertThat(NODE.tokensOf(deposit)).isZero();
        assertThat(NODE.tokensOf(hotWallet)).isEqualTo(hotTokens + 21_000_000);
        assertThat(NODE.trxOf(deposit)).isEqualTo(14_098_300 - 12_453_000);
        assertThat(NODE.trxOf(hotWallet)).isEqualTo(hotTrx + 30_000_000 - 14_098_300 - 12_453_000);
        assertThat(sweeps.plan()).isZero();
        NODE.fund(hotWallet, hotTrx - NODE.trxOf(hotWallet)); // the hot wallet's TRX as it was, for the payouts

        // A payout of 5.00: drafted by the node, signed, taken, mined, final; 29 650 energy burned as 12.453 TRX.
        JsonNode paid = mineUntilStatus(api, key, "/api/v1/payouts/" + requestPayout(api, key, "5"), "confirmed");
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(5_000_000);
        assertThat(paid.get("networkFee").get("coin").asText()).isEqualTo("TRX");
        assertThat(paid.get("networkFee").get("amount").asText()).isEqualTo("12.453");
        assertThat(NODE.trxOf(hotWallet)).isEqualTo(50_000_000 - 12_453_000);
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
        JsonNode refunded = mineUntilStatus(api, key, "/api/v1/refunds/" + refund.json().get("id").asText(),
                                            "confirmed");
        assertThat(refunded.get("networkFee").get("amount").asText()).isEqualTo("12.453");
        assertThat(NODE.tokensOf(customer.toBase58CheckAddress())).isEqualTo(1_000_000);

        // A payout of 0.25 whose block a reorganisation drops before it is solidified: the same transaction is handed
        // over again, mined again, and pays once, its TRX burned once.
        NODE.fund(hotWallet, 12_453_000);
        long trxBefore = NODE.trxOf(hotWallet);
        String reorged = "/api/v1/payouts/" + requestPayout(api, key, "0.25");
        String txHash = await().atMost(Duration.ofSeconds(30))
                               .until(() -> api.get(reorged, key).json().path("txHash").asText(null),
                                      hash -> hash != null);
        mine(); // its block, the newest: not solidified
        assertThat(NODE.blockHolding(txHash)).isPositive();
        NODE.orphanHead();
        assertThat(NODE.blockHolding(txHash)).isZero();
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(5_000_000);
        JsonNode paidOnce = mineUntilStatus(api, key, reorged, "confirmed");
        assertThat(paidOnce.get("txHash").asText()).isEqualTo(txHash);
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(5_250_000);
        assertThat(NODE.trxOf(hotWallet)).isEqualTo(trxBefore - 12_453_000);

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
        mineUntilStatus(api, key, waiting, "confirmed");
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(5_750_000);

        // The hot wallet out of TRX and energy: the node refuses the transaction; it is kept until it expires
        // unmined, and the payout fails with nothing paid, its money available again.
        NODE.fund(hotWallet, -NODE.trxOf(hotWallet));
        String available = MoneyOut.balances(api, key).get("available").asText();
        String starved = "/api/v1/payouts/" + requestPayout(api, key, "2");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode health = api.get("/actuator/health", ADMIN_KEY).json().path("components").path("liveTransfers");
            return health.path("details").path("stuck").toString().contains("balance is not sufficient");
        });
        // The next blocks past its expiration (the node's 60 s after the block it was drafted on).
        BLOCK_TIME.updateAndGet(t -> t.plusMillis(TronTestNode.EXPIRATION_MILLIS + 5_000));
        JsonNode expired = mineUntilStatus(api, key, starved, "failed");
        assertThat(expired.get("failureReason").asText()).contains("expired");
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(5_750_000);
        await().atMost(Duration.ofSeconds(30))
               .until(() -> available.equals(MoneyOut.balances(api, key).get("available").asText()));

        // Energy delegated to the hot wallet (from the platform's staked TRX): a payout burns no TRX.
        NODE.delegateEnergy(hotWallet, 29_650);
        JsonNode delegated = mineUntilStatus(api, key, "/api/v1/payouts/" + requestPayout(api, key, "1"),
                                             "confirmed");
        assertThat(delegated.get("networkFee").get("amount").asText()).isEqualTo("0");
        assertThat(NODE.tokensOf(PAYOUT_ADDRESS)).isEqualTo(6_750_000);
        assertThat(NODE.trxOf(hotWallet)).isZero();
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
    }

    private static String requestPayout(HttpApi api, String key, String amount) {
        HttpApi.Answer answer = api.post("/api/v1/payouts", key,
                                         HttpApi.json(Map.of("chain", "tron", "amount", amount)),
                                         UUID.randomUUID().toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asText();
    }

    /** A block at the node's next time, all but the newest solidified. */
    private static void mine() {
        NODE.solidify(NODE.mine(nextBlockTime()) - 1);
    }

    /** The node's next block time: now, or just after the last block's when that is ahead. */
    private static Instant nextBlockTime() {
        return BLOCK_TIME.updateAndGet(t -> {
            Instant now = Instant.now();
            return now.isAfter(t) ? now : t.plusMillis(1);
        });
    }

    private static JsonNode mineUntilStatus(HttpApi api, String key, String path, String status) {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        mineUntil(() -> {
            seen.set(api.get(path, key).json());
            return status.equals(seen.get().path("status").asText());
        });
        return seen.get();
    }

    private static void mineUntil(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            mine();
            return condition.call();
        });
    }
}
