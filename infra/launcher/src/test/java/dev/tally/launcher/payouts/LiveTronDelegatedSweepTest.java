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
import dev.tally.launcher.MoneyOut;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import dev.tally.signer.SeedKeystore;
import dev.tally.signer.SignerModule;
import dev.tally.signer.SignerProperties;
import dev.tally.watcher.send.Sweeps;
import dev.tally.watcher.tron.TronTestNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tron.trident.core.key.KeyPair;
import org.web3j.crypto.MnemonicUtils;

/**
 * A Tron sweep that uses the platform's staked energy instead of burning TRX, with burning as a fallback turned off:
 * while the resource account has staked too little, the sweep waits, sends nothing and burns nothing, and the health
 * says why; once it has staked enough, the energy is delegated to the deposit address (after the TRX for its
 * bandwidth, which makes the account, is mined), the sweep burns no TRX for its energy, and the energy is taken back
 * once the sweep is final, the stake whole again.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + LiveTronDelegatedSweepTest.ADMIN_KEY,
                "tally.chains.tron.poll-interval=100ms",
                "tally.money-out.follow-interval=100ms",
                "tally.money-out.stuck-after=0s",
                "tally.signer.password=tron-test",
                // Sweeps run when the test asks (a round an hour would never come).
                "tally.sweeps.interval=1h",
                "tally.sweeps.threshold=1",
                "tally.sweeps.tron.energy=delegate",
                "tally.sweeps.tron.burn-when-short=false"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext
class LiveTronDelegatedSweepTest {
    static final String ADMIN_KEY = "tly_admin_live_tron_delegated_sweep_0123";
    private static final String MNEMONIC = "legal winner thank year wave sausage worth useful legal winner thank "
                                           + "yellow";
    /** The node's clock: the wall clock, never behind the last block. */
    private static final AtomicReference<Instant> BLOCK_TIME = new AtomicReference<>(Instant.now());
    private static final TronTestNode NODE = TronTestNode.start();
    private static String hotWallet;
    private static String resourceAccount;
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
            Path file = Files.createTempDirectory("tally-live-tron-energy").resolve("signer.keystore");
            SeedKeystore.create(file, MNEMONIC, "tron-test".toCharArray());
            SignerProperties properties = new SignerProperties();
            properties.setKeystore(file);
            properties.setPassword("tron-test");
            hotWallet = SignerModule.hotWallets(properties).get(Chain.TRON);
            resourceAccount = SignerModule.resourceAccounts(properties).get(Chain.TRON);
            NODE.fund(hotWallet, 10_000_000); // the operator funds the hot wallet with TRX, and no more
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
    void aTronSweepUsesTheStakedEnergyDelegatedToItsAddressAndGivesItBack() {
        HttpApi api = new HttpApi(port);
        String key = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Energy shop " + UUID.randomUUID() + "\"}")
                        .json().get("apiKey").asText();
        HttpApi.Answer created = api.post("/api/v1/invoices", key, HttpApi.json(Map.of(
                "amount", "20", "asset", "USDT", "chain", "tron", "orderId", "energy-1")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String deposit = created.json().get("depositAddress").asText();
        KeyPair customer = KeyPair.generate();
        NODE.mint(customer.toBase58CheckAddress(), 20_000_000);
        NODE.fund(customer.toBase58CheckAddress(), 20_000_000);
        NODE.pay(customer, deposit, 20_000_000);
        mineUntil(() -> "19.80".equals(MoneyOut.balances(api, key).get("available").asText()));

        // Nothing staked, and burning TRX instead turned off: the sweep is requested and waits, sending nothing.
        assertThat(NODE.stakedOf(resourceAccount)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> sweeps.plan() == 1);
        String path = "/api/v1/admin/sweeps/" + MoneyOut.sweep(api, ADMIN_KEY, deposit, "20.00").get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode health = api.get("/actuator/health", ADMIN_KEY).json().path("components").path("liveTransfers");
            return health.path("details").path("stuck").toString().contains("cannot delegate the 29650 energy");
        });
        mine();
        assertThat(api.get(path, ADMIN_KEY).json().get("status").asText()).isEqualTo("requested");
        assertThat(NODE.trxOf(deposit)).isZero();
        assertThat(NODE.trxOf(hotWallet)).isEqualTo(10_000_000);
        assertThat(NODE.tokensOf(deposit)).isEqualTo(20_000_000);

        // 5 000 TRX staked: 3 262 of it (29 650 energy, 10 % more, at 10 energy per TRX) delegated to the address,
        // which is sent only its bandwidth's 0.4 TRX; the sweep burns nothing.
        NODE.stakeForEnergy(resourceAccount, 5_000_000_000L);
        JsonNode swept = mineUntilStatus(api, path, "confirmed");
        assertThat(swept.get("networkFee").get("amount").asText()).isEqualTo("0");
        assertThat(swept.get("topUpFee").get("amount").asText()).isEqualTo("0");
        assertThat(NODE.tokensOf(deposit)).isZero();
        assertThat(NODE.tokensOf(hotWallet)).isEqualTo(20_000_000);
        assertThat(NODE.trxOf(deposit)).isEqualTo(400_000);
        assertThat(NODE.trxOf(hotWallet)).isEqualTo(10_000_000 - 400_000);
        // Once the sweep is final, the energy is taken back: the stake is whole, nothing delegated, none left there.
        mineUntil(() -> NODE.stakedOf(resourceAccount) == 5_000_000_000L);
        assertThat(NODE.delegatedTo(resourceAccount, deposit)).isZero();
        assertThat(NODE.energyOf(deposit)).isZero();
        assertThat(sweeps.plan()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/actuator/health", ADMIN_KEY).json().path("components").path("liveTransfers")
                   .path("details").path("stuck").toString()).doesNotContain("energy"));
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
    }

    /** A block at the node's next time, all but the newest solidified. */
    private static void mine() {
        NODE.solidify(NODE.mine(BLOCK_TIME.updateAndGet(t -> {
            Instant now = Instant.now();
            return now.isAfter(t) ? now : t.plusMillis(1);
        })) - 1);
    }

    private static JsonNode mineUntilStatus(HttpApi api, String path, String status) {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        mineUntil(() -> {
            seen.set(api.get(path, ADMIN_KEY).json());
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
