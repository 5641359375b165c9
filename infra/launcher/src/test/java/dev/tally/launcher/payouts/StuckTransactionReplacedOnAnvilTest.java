package dev.tally.launcher.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.MoneyOut;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import dev.tally.watcher.evm.AnvilNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * A live payout whose transaction the chain leaves unmined (its fees below what blocks now ask) is replaced by one with
 * the same nonce and higher fees, signed by the signer, and paid once by whichever is mined: on a real EVM node
 * (anvil), through the whole launcher.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + StuckTransactionReplacedOnAnvilTest.ADMIN_KEY,
                "tally.chains.ethereum.poll-interval=100ms",
                "tally.money-out.follow-interval=100ms",
                // Unmined for a second is stuck here (ten minutes by default).
                "tally.money-out.replace-after=1s",
                "tally.sweeps.enabled=false"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext
class StuckTransactionReplacedOnAnvilTest {
    static final String ADMIN_KEY = "tly_admin_stuck_transaction_0123456789abc";
    private static final String PAYOUT_ADDRESS = AnvilNode.ACCOUNT_3;
    private static final AnvilMoneyOut CHAIN = AnvilMoneyOut.start();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) {
        CHAIN.register(registry);
    }

    @AfterAll
    static void stop() {
        CHAIN.close();
    }

    /**
     * Prevents: a payout stuck for ever behind fees the chain outgrew (and every later transaction of the hot wallet
     * behind its nonce), or paid twice once it is replaced.
     */
    @Test
    void aPayoutStuckOnLowFeesIsReplacedWithItsNonceAndPaidOnce() throws Exception {
        AnvilNode anvil = CHAIN.anvil();
        HttpApi api = new HttpApi(port);
        String key = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Stuck shop " + UUID.randomUUID() + "\"}")
                        .json().get("apiKey").asText();
        HttpApi.Answer created = api.post("/api/v1/invoices", key, HttpApi.json(Map.of(
                "amount", "10", "asset", "USDT", "chain", "ethereum", "orderId", "stuck-1")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        CHAIN.token().mint(created.json().get("depositAddress").asText(), 10_000_000);
        CHAIN.mineUntil(() -> !"0.00".equals(MoneyOut.balances(api, key).get("available").asText()));
        HttpApi.Answer address = api.send("PUT", "/api/v1/payout-addresses/ethereum", key,
                                          HttpApi.json(Map.of("address", PAYOUT_ADDRESS)));
        assertThat(address.status()).as(address.body()).isEqualTo(200);

        JsonNode payout = AnvilMoneyOut.requestPayout(api, key, "4");
        String path = "/api/v1/payouts/" + payout.get("id").asText();
        String first = await().atMost(Duration.ofSeconds(30))
                              .until(() -> api.get(path, key).json().path("txHash").asText(null),
                                     hash -> hash != null);
        // Blocks now ask 1 000 gwei, hundreds of times what it offers (twice a base fee of about 1 gwei, and the tip):
        // it is not mined, however long it waits.
        BigInteger dear = BigInteger.valueOf(1_000_000_000_000L);
        anvil.rpc("anvil_setNextBlockBaseFeePerGas", Numeric.encodeQuantity(dear));
        anvil.mine();
        assertThat(anvil.web3j().ethGetTransactionReceipt(first).send().getTransactionReceipt()).isEmpty();

        JsonNode paid = CHAIN.mineUntilStatus(api, key, path, "confirmed");
        String mined = paid.get("txHash").asText();
        assertThat(mined).isNotEqualTo(first);
        TransactionReceipt receipt = anvil.receipt(mined);
        assertThat(receipt.isStatusOK()).isTrue();
        org.web3j.protocol.core.methods.response.Transaction replacement =
                anvil.web3j().ethGetTransactionByHash(mined).send().getTransaction().orElseThrow();
        assertThat(replacement.getFrom()).isEqualToIgnoringCase(CHAIN.hotWallet());
        assertThat(replacement.getMaxFeePerGas()).isGreaterThan(dear);
        // The same nonce: the first can never be mined now. Paid once, exactly.
        assertThat(anvil.web3j().ethGetTransactionReceipt(first).send().getTransactionReceipt()).isEmpty();
        List<String> replacedHashes = jdbc.queryForList(
                "SELECT unnest(replaced_hashes) FROM watcher.live_transfers WHERE intent_key = ?", String.class,
                payout.get("id").asText() + "/1");
        assertThat(replacedHashes).contains(first).doesNotContain(mined);
        assertThat(CHAIN.tokenBalance(PAYOUT_ADDRESS)).isEqualTo(4_000_000);
        assertThat(paid.get("networkFee").get("amount").asText()).isEqualTo(AnvilMoneyOut.feeOf(receipt));
        anvil.mine(3);
        assertThat(CHAIN.tokenBalance(PAYOUT_ADDRESS)).isEqualTo(4_000_000);
        // The signer signed the payout and its replacements, for one nonce, counted once against the day's cap.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(MoneyOut.balances(api, key).get("available").asText()).isEqualTo("5.90");
            assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
        });
    }
}
