package dev.tally.launcher.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tally.launcher.HttpApi;
import dev.tally.launcher.MoneyOut;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
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

/**
 * Tron sweeps that use the platform's staked energy instead of burning TRX, with burning as a fallback turned off:
 * while the resource account has staked too little, the sweeps wait, send nothing and burn nothing, and the health
 * says why; with a stake enough for one, one is delegated its energy (after the TRX for its bandwidth, which makes
 * the account, is mined), burns no TRX for it, and gives it back once final, while the other waits, the stake never
 * promised twice nor the used energy's share of it; with more staked, the other goes too, and its energy, whose
 * return the node refuses until it expires, is taken back by a second attempt.
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
    private static final TronChain TRON = new TronChain(MNEMONIC);
    private static final TronTestNode NODE = TRON.node;
    private static final String HOT_WALLET = TRON.hotWallet();
    private static final String RESOURCE_ACCOUNT = TRON.resourceAccount();

    static {
        NODE.fund(HOT_WALLET, 10_000_000); // the operator funds the hot wallet with TRX, and no more
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
    void tronSweepsUseTheStakedEnergyDelegatedToTheirAddressesNeverPromisedTwiceAndGiveItBack() {
        HttpApi api = new HttpApi(port);
        String key = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Energy shop " + UUID.randomUUID() + "\"}")
                        .json().get("apiKey").asText();
        String first = paidInvoice(api, key, "20");
        String second = paidInvoice(api, key, "30");
        TRON.mineUntil(() -> "49.50".equals(MoneyOut.balances(api, key).get("available").asText()));

        // Nothing staked, and burning TRX instead turned off: both sweeps are requested and wait, sending nothing.
        assertThat(NODE.stakedOf(RESOURCE_ACCOUNT)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> sweeps.plan() == 2);
        String firstPath = "/api/v1/admin/sweeps/"
                           + MoneyOut.sweep(api, ADMIN_KEY, first, "20.00").get("id").asText();
        String secondPath = "/api/v1/admin/sweeps/"
                            + MoneyOut.sweep(api, ADMIN_KEY, second, "30.00").get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> stuck(api).contains("cannot delegate the 29650 energy"));
        TRON.mine();
        assertThat(api.get(firstPath, ADMIN_KEY).json().get("status").asText()).isEqualTo("requested");
        assertThat(NODE.trxOf(first)).isZero();
        assertThat(NODE.trxOf(HOT_WALLET)).isEqualTo(10_000_000);
        assertThat(NODE.tokensOf(first)).isEqualTo(20_000_000);

        // 5 000 TRX staked: enough for one sweep's 3 262 (29 650 energy, 10 % more, at 10 energy per TRX), not for
        // two. One is delegated its energy, sent only its bandwidth's 0.4 TRX, and burns nothing; the other waits,
        // the stake the first holds never promised to it.
        NODE.stakeForEnergy(RESOURCE_ACCOUNT, 5_000_000_000L);
        TRON.mineUntil(() -> "confirmed".equals(api.get(firstPath, ADMIN_KEY).json().get("status").asText())
                        || "confirmed".equals(api.get(secondPath, ADMIN_KEY).json().get("status").asText()));
        boolean firstWent = "confirmed".equals(api.get(firstPath, ADMIN_KEY).json().get("status").asText());
        String went = firstWent ? first : second;
        String waits = firstWent ? second : first;
        JsonNode swept = api.get(firstWent ? firstPath : secondPath, ADMIN_KEY).json();
        assertThat(swept.get("networkFee").get("amount").asText()).isEqualTo("0");
        assertThat(swept.get("topUpFee").get("amount").asText()).isEqualTo("0");
        assertThat(NODE.tokensOf(went)).isZero();
        assertThat(NODE.trxOf(went)).isEqualTo(400_000);
        assertThat(NODE.trxOf(HOT_WALLET)).isEqualTo(10_000_000 - 400_000);
        // Once it is final, the energy is taken back: the stake whole, nothing delegated, none left on the address.
        // The 29 650 energy it used holds 2 965 TRX of the stake until it recovers: the other sweep still waits.
        TRON.mineUntil(() -> NODE.stakedOf(RESOURCE_ACCOUNT) == 5_000_000_000L);
        assertThat(NODE.delegatedTo(RESOURCE_ACCOUNT, went)).isZero();
        assertThat(NODE.energyOf(went)).isZero();
        assertThat(NODE.delegatableOf(RESOURCE_ACCOUNT)).isEqualTo(2_035_000_000L);
        TRON.mine();
        assertThat(api.get(firstWent ? secondPath : firstPath, ADMIN_KEY).json().get("status").asText())
                .isEqualTo("requested");
        assertThat(NODE.trxOf(waits)).isZero();
        assertThat(NODE.delegatedTo(RESOURCE_ACCOUNT, waits)).isZero();

        // 5 000 TRX more staked: the other sweep goes the same way. Its energy's return is refused by the node (the
        // resource account out of bandwidth), kept and named by the health until it expires unmined; it is then
        // tried again as a new transaction, still named, and once the node takes it, the stake is whole.
        NODE.refuseUndelegations(true);
        NODE.stakeForEnergy(RESOURCE_ACCOUNT, 5_000_000_000L);
        TRON.mineUntilStatus(api, ADMIN_KEY, firstWent ? secondPath : firstPath, "confirmed");
        await().atMost(Duration.ofSeconds(30)).until(() -> stuck(api).contains("Account resource insufficient"));
        assertThat(NODE.delegatedTo(RESOURCE_ACCOUNT, waits)).isEqualTo(3_262_000_000L);
        TRON.later(Duration.ofMillis(TronTestNode.EXPIRATION_MILLIS + 5_000));
        TRON.mineUntil(() -> stuck(api).contains("/energy-return-2"));
        NODE.refuseUndelegations(false);
        TRON.mineUntil(() -> NODE.stakedOf(RESOURCE_ACCOUNT) == 10_000_000_000L);
        assertThat(NODE.tokensOf(HOT_WALLET)).isEqualTo(50_000_000);
        assertThat(NODE.trxOf(HOT_WALLET)).isEqualTo(10_000_000 - 800_000);
        assertThat(NODE.delegatedTo(RESOURCE_ACCOUNT, waits)).isZero();
        assertThat(sweeps.plan()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stuck(api)).doesNotContain("energy"));
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
        // What delegating and taking back each sweep's energy cost the resource account is booked, once each, when
        // the return is final.
        List<String> energyEntries = new java.util.ArrayList<>();
        for (String path : List.of(firstPath, secondPath)) {
            String id = path.substring(path.lastIndexOf('/') + 1);
            energyEntries.addAll(List.of(id + "/energy", id + "/energy-return"));
        }
        AtomicReference<JsonNode> entries = new AtomicReference<>();
        TRON.mineUntil(() -> {
            entries.set(api.get("/api/v1/admin/network-fees?limit=100", ADMIN_KEY).json().get("entries"));
            return entries.get().findValuesAsText("id").containsAll(energyEntries);
        });
        assertThat(entries.get().findValuesAsText("id")).containsOnlyOnce(energyEntries.toArray(String[]::new));
        assertThat(entries.get().findValuesAsText("creditAccount")).contains("platform:resource-account:tron");
    }

    /** A live invoice of {@code amount} paid by a customer's signed transfer; its deposit address. */
    private static String paidInvoice(HttpApi api, String key, String amount) {
        HttpApi.Answer created = api.post("/api/v1/invoices", key, HttpApi.json(Map.of(
                "amount", amount, "asset", "USDT", "chain", "tron", "orderId", "energy-" + UUID.randomUUID())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String deposit = created.json().get("depositAddress").asText();
        long units = Long.parseLong(amount) * 1_000_000;
        KeyPair customer = KeyPair.generate();
        NODE.mint(customer.toBase58CheckAddress(), units);
        NODE.fund(customer.toBase58CheckAddress(), 20_000_000);
        NODE.pay(customer, deposit, units);
        return deposit;
    }

    /** What the {@code liveTransfers} health component names as stuck. */
    private static String stuck(HttpApi api) {
        return api.get("/actuator/health", ADMIN_KEY).json().path("components").path("liveTransfers")
                  .path("details").path("stuck").toString();
    }
}
