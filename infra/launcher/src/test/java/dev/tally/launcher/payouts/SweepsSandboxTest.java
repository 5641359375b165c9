package dev.tally.launcher.payouts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.money.Chain;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.MoneyOut;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import dev.tally.watcher.sandbox.SandboxChain;
import dev.tally.watcher.sandbox.SandboxWatcher;
import dev.tally.watcher.send.ChainSender.TokenBalance;
import dev.tally.watcher.send.Sweeps;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sweeps on the sandbox chain, through the real launcher: a paid test deposit address's final money is moved to the
 * sandbox's hot wallet, exactly that and exactly once, through a reorg of the sweep's block, and money not final yet
 * or below the threshold stays where it is. The test produces the sandbox's blocks itself (one per {@link #block()}),
 * so what is final when a round looks is decided here, not by a clock.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + SweepsSandboxTest.ADMIN_KEY,
                // Blocks come when the test asks for them (one an hour would never come), and so do sweep rounds.
                "tally.sandbox.block-interval=1h",
                "tally.sandbox.lease=3h",
                "tally.sandbox.confirmation-depth=2",
                "tally.sandbox.finality-depth=3",
                "tally.sweeps.interval=1h",
                "tally.sweeps.threshold=2",
                "spring.datasource.hikari.maximum-pool-size=10"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class SweepsSandboxTest {
    static final String ADMIN_KEY = "tly_admin_sweeps_0123456789abcdefghijklmn";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SandboxChain chain;
    @Autowired
    SandboxWatcher watcher;
    @Autowired
    Sweeps sweeps;

    /**
     * Prevents: a sweep taking money a reorg can still take, a sweep's transaction dropped by a reorg sweeping twice or
     * never, a round repeated while a sweep is on its way sweeping again, and dust below the threshold being swept.
     */
    @Test
    void aTestDepositAddressIsSweptOfItsFinalMoneyOnceThroughAReorg() {
        HttpApi api = new HttpApi(port);
        Answer merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Sweeps " + UUID.randomUUID() + "\"}");
        assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
        String testKey = merchant.json().get("testApiKey").asText();
        Answer created = api.post("/api/v1/invoices", testKey, HttpApi.json(Map.of(
                "amount", "5.00", "asset", "USDT", "chain", "tron", "orderId", "sw-" + UUID.randomUUID())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String invoice = created.json().get("id").asText();
        String deposit = created.json().get("depositAddress").asText();
        BigInteger hotWalletBefore = chain.tokenBalance(Chain.TRON, SandboxChain.HOT_WALLET).latest();

        pay(api, testKey, invoice, "5.00");
        await().atMost(PATIENCE).until(() -> {
            block();
            return "SETTLED".equals(api.get("/api/v1/invoices/" + invoice, testKey).json().get("status").asText())
                   && chain.tokenBalance(Chain.TRON, deposit).finalized().equals(usdt(5));
        });
        // 1.00 more, mined but not final when the round looks.
        pay(api, testKey, invoice, "1.00");
        block();
        assertThat(chain.tokenBalance(Chain.TRON, deposit)).isEqualTo(new TokenBalance(usdt(5), usdt(6)));

        await().atMost(PATIENCE).until(() -> sweeps.plan() == 1); // once the payment's detection made it due
        assertThat(sweeps.plan()).isZero(); // asked again while that sweep is on its way: no second one
        JsonNode requested = MoneyOut.sweep(api, ADMIN_KEY, deposit, null);
        assertThat(requested.get("amount").asText()).isEqualTo("5.00");
        assertThat(requested.get("mode").asText()).isEqualTo("test");
        String path = "/api/v1/admin/sweeps/" + requested.get("id").asText();
        JsonNode broadcast = await().atMost(PATIENCE).until(() -> api.get(path, ADMIN_KEY).json(),
                                                            s -> "broadcast".equals(s.get("status").asText()));
        String txHash = broadcast.get("txHash").asText();

        // Its block reorganised away before it is final (by the operator, trying the fault; a merchant may not): the
        // same transaction is sent again, and sweeps once.
        String reorgPath = "/api/v1/sandbox/sweeps/" + requested.get("id").asText() + "/reorg";
        Answer notYet = api.post(reorgPath, ADMIN_KEY, null);
        assertThat(notYet.status()).as(notYet.body()).isEqualTo(409);
        assertThat(notYet.json().get("detail").asText()).contains("not in a block yet");
        block();
        assertThat(chain.isIncluded(txHash)).isTrue();
        assertThat(api.post(reorgPath, testKey, null).status()).isEqualTo(403);
        Answer reorg = api.post(reorgPath, ADMIN_KEY, null);
        assertThat(reorg.status()).as(reorg.body()).isEqualTo(202);
        long dropped = reorg.json().get("blockNumber").asLong();
        assertThat(chain.isIncluded(txHash)).isFalse();
        JsonNode confirmed = await().atMost(PATIENCE).until(() -> {
            block();
            return api.get(path, ADMIN_KEY).json();
        }, s -> "confirmed".equals(s.get("status").asText()));
        assertThat(confirmed.get("txHash").asText()).isEqualTo(txHash);
        assertThat(confirmed.get("blockNumber").asLong()).isGreaterThan(dropped);
        assertThat(confirmed.get("networkFee").isNull()).isTrue(); // the sandbox chain charges nothing
        assertThat(jdbc.queryForObject("SELECT count(*) FROM watcher.sandbox_blocks WHERE transfers @> "
                                       + "jsonb_build_array(jsonb_build_object('txHash', ?::text))",
                                       Long.class, txHash)).isEqualTo(1);
        TokenBalance hotWallet = chain.tokenBalance(Chain.TRON, SandboxChain.HOT_WALLET);
        assertThat(hotWallet.finalized().subtract(hotWalletBefore)).isEqualTo(usdt(5));

        // The 1.00 left is final now, and below the threshold: it stays.
        await().atMost(PATIENCE).until(() -> {
            block();
            return chain.tokenBalance(Chain.TRON, deposit).equals(new TokenBalance(usdt(1), usdt(1)));
        });
        assertThat(sweeps.plan()).isZero();
        assertThat(api.get("/api/v1/admin/sweeps?mode=test", ADMIN_KEY).json()).hasSize(1);
        assertThat(api.get("/api/v1/admin/sweeps?mode=live", ADMIN_KEY).json()).isEmpty();
        // Sweeps move the platform's custody only: the merchant's books are what the payments made them.
        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue());
    }

    /** One sandbox block, scanned, and its transactions followed. */
    private void block() {
        watcher.tick();
    }

    private static void pay(HttpApi api, String key, String invoice, String amount) {
        Answer paid = api.post("/api/v1/sandbox/invoices/" + invoice + "/pay", key,
                               HttpApi.json(Map.of("amount", amount)));
        assertThat(paid.status()).as(paid.body()).isEqualTo(202);
    }

    private static BigInteger usdt(long whole) {
        return BigInteger.valueOf(whole * 1_000_000);
    }

}
