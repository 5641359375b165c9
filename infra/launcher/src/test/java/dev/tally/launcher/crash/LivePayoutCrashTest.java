package dev.tally.launcher.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tally.kernel.money.Chain;
import dev.tally.launcher.ChildProcesses;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.platform.test.TestDatabase;
import dev.tally.signer.SeedKeystore;
import dev.tally.signer.SignerModule;
import dev.tally.signer.SignerProperties;
import dev.tally.watcher.evm.AnvilNode;
import dev.tally.watcher.evm.TestToken;

import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * Live payouts on a real EVM node while the launcher is killed with SIGKILL: once while they are being requested (and
 * signed), once while they are on their way (signed, kept, handed to the node, not yet mined), each time started
 * again. Clients retry what went unanswered with the same Idempotency-Key. Afterwards each request made one payout,
 * each payout was paid by one transaction the chain holds once, the hot wallet spent exactly one nonce per payout,
 * the payout address holds exactly their sum, and the books balance.
 */
class LivePayoutCrashTest {
    private static final String ADMIN_KEY = "tly_admin_live_payout_crash_0123456789ab";
    private static final String MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                                           + "abandon abandon about";
    /** m/44'/60'/0' of that mnemonic: the live deposit addresses are the signer's account 0. */
    private static final String XPUB = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHP"
                                       + "FsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt";
    private static final String PAYOUT_ADDRESS = AnvilNode.ACCOUNT_3;
    private static final int PAYOUTS = 6;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void killedWhileLivePayoutsAreSignedAndOnTheirWayEachIsPaidOnceByOneTransaction() throws Exception {
        Path directory = Files.createDirectories(Path.of("target", "crash-harness"));
        Path log = directory.resolve("live-payouts-" + System.currentTimeMillis() + ".log");
        Path keystore = Files.createTempDirectory("tally-live-crash").resolve("signer.keystore");
        SeedKeystore.create(keystore, MNEMONIC, "crash-test".toCharArray());
        SignerProperties signer = new SignerProperties();
        signer.setKeystore(keystore);
        signer.setPassword("crash-test");
        String hotWallet = SignerModule.hotWallets(signer).get(Chain.ETHEREUM);
        try (AnvilNode anvil = AnvilNode.start(); TestDatabase database = TestDatabase.create()) {
            TestToken token = TestToken.deploy(anvil);
            anvil.rpc("anvil_setBalance", hotWallet, "0xde0b6b3a7640000");
            token.mint(hotWallet, 100_000_000);
            anvil.mine();
            List<String> settings = new ArrayList<>(CrashSafetyTest.settings(database, ADMIN_KEY));
            settings.addAll(List.of(
                    "--tally.chains.ethereum.endpoints[0].url=" + anvil.url(),
                    "--tally.chains.ethereum.xpub=" + XPUB,
                    "--tally.chains.ethereum.token-contracts[0]=" + token.address(),
                    "--tally.chains.ethereum.poll-interval=100ms",
                    // A killed process holds the chain's scanner until this expires.
                    "--tally.chains.scanner-lease=3s",
                    "--tally.chains.ethereum.call-timeout=2s",
                    "--tally.money-out.follow-interval=200ms",
                    "--tally.signer.keystore=" + keystore,
                    "--tally.signer.password=crash-test",
                    "--tally.signer.chains.ethereum.chain-id=" + AnvilNode.CHAIN_ID,
                    "--tally.signer.chains.ethereum.token-contract=" + token.address()));
            LauncherProcess tally = new LauncherProcess(ChildProcesses.freePort(), log, settings);
            HttpApi api = tally.api();
            tally.start();
            try {
                String key = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Live crash shop\"}").json()
                                .get("apiKey").asText();
                assertThat(api.send("PUT", "/api/v1/payout-addresses/ethereum", key,
                                    "{\"address\":\"" + PAYOUT_ADDRESS + "\"}").status()).isEqualTo(200);
                Answer invoice = api.post("/api/v1/invoices", key, "{\"amount\":\"10.00\",\"asset\":\"USDT\","
                                                                   + "\"chain\":\"ethereum\",\"orderId\":\"earn\"}");
                assertThat(invoice.status()).as(invoice.body()).isEqualTo(201);
                token.mint(invoice.json().get("depositAddress").asText(), 10_000_000);
                await("the net final").atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
                    anvil.mine();
                    return "9.90".equals(available(api, key));
                });
                long firstNonce = nonce(anvil, hotWallet);

                // Requests in flight when the process dies; no block is mined meanwhile, so nothing is final.
                RetryingClients clients = RetryingClients.start(api, key, "/api/v1/payouts",
                        "{\"chain\":\"ethereum\",\"amount\":\"1.00\"}", PAYOUTS, "live-payout-crash-", PATIENCE);
                await().atMost(PATIENCE).until(() -> clients.answered() >= PAYOUTS / 2);
                tally.kill();
                tally.start();
                clients.join();
                assertThat(clients.unexpected()).as("answers no client should get").isEmpty();
                assertThat(clients.answered()).isEqualTo(PAYOUTS);
                // And again once some are handed to the node, still unmined.
                await("a payout handed to the node").atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                        .until(() -> nonce(anvil, hotWallet, DefaultBlockParameterName.PENDING) > firstNonce);
                tally.kill();
                tally.start();

                assertThat(clients.idsByKey().values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
                Set<String> payoutIds = clients.ids();
                assertThat(payoutIds).hasSize(PAYOUTS);
                await("every payout confirmed").atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
                    anvil.mine();
                    JsonNode items = api.get("/api/v1/payouts?limit=100", key).json().get("items");
                    int confirmed = 0;
                    for (JsonNode payout : items) {
                        confirmed += "confirmed".equals(payout.get("status").asText()) ? 1 : 0;
                    }
                    return items.size() == PAYOUTS && confirmed == PAYOUTS;
                });
                Set<String> txHashes = new HashSet<>();
                for (JsonNode payout : api.get("/api/v1/payouts?limit=100", key).json().get("items")) {
                    assertThat(payoutIds).contains(payout.get("id").asText());
                    String txHash = payout.get("txHash").asText();
                    txHashes.add(txHash);
                    assertThat(anvil.receipt(txHash).isStatusOK()).isTrue();
                }
                assertThat(txHashes).hasSize(PAYOUTS);
                // One nonce per payout: no transaction was signed and sent twice, none was lost.
                assertThat(nonce(anvil, hotWallet) - firstNonce).isEqualTo(PAYOUTS);
                assertThat(tokenBalance(anvil, token, PAYOUT_ADDRESS)).isEqualTo(PAYOUTS * 1_000_000L);
                await().atMost(PATIENCE).untilAsserted(() -> {
                    JsonNode funds = api.get("/api/v1/payouts", key).json().get("balances").get(0);
                    assertThat(funds.get("available").asText()).isEqualTo("3.90");
                    assertThat(funds.get("reserved").asText()).isEqualTo("0.00");
                });
                assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
                assertThat(api.get("/api/v1/admin/dead-letters", ADMIN_KEY).json().get("data")).isEmpty();
            } finally {
                tally.stop();
            }
        }
    }

    private static String available(HttpApi api, String key) {
        JsonNode balances = api.get("/api/v1/payouts", key).json().get("balances");
        return balances.isEmpty() ? "0.00" : balances.get(0).get("available").asText();
    }

    private static long nonce(AnvilNode anvil, String address) throws Exception {
        return nonce(anvil, address, DefaultBlockParameterName.LATEST);
    }

    private static long nonce(AnvilNode anvil, String address, DefaultBlockParameterName block) throws Exception {
        return anvil.web3j().ethGetTransactionCount(address, block).send().getTransactionCount().longValueExact();
    }

    private static long tokenBalance(AnvilNode anvil, TestToken token, String owner) {
        String data = FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(owner)), List.of()));
        return Numeric.toBigInt(anvil.rpc("eth_call", Map.of("to", token.address(), "data", data), "latest")
                                     .asText()).longValueExact();
    }
}
