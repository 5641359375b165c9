package dev.tally.launcher.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
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
import dev.tally.watcher.evm.AnvilNode;
import dev.tally.watcher.evm.TestToken;

import dev.tally.watcher.send.Sweeps;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Live money out on a real EVM node (anvil), through the signer: a live invoice paid on chain, settled and final; a
 * payout and a refund signed from the hot wallet, broadcast, followed and confirmed; a payout whose block a reorg
 * drops before finality sent again, the same transaction, and paid once; a payout whose transaction another takes
 * the nonce of, failed with nothing paid; a payout and a refund beyond the signer's daily cap refused by the signer
 * and failed; the money of each failure available again; a payout whose transaction the node refuses while the hot
 * wallet has no gas kept, reported by the health, and paid once the wallet is topped up; a payout whose transaction
 * would revert while the hot wallet is short of the token never handed over, and paid once it is refilled. And
 * sweeps: a deposit address's final money moved to the hot wallet with the gas it needs sent first, once, through a
 * reorg; money not yet final left where it is until it is; a sweep whose gas the signer refuses failed, with nothing
 * sent. And an overpayment refunded by claim link: the customer's address, the merchant's approval, one
 * transaction.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + LiveMoneyOutOnAnvilTest.ADMIN_KEY,
                "tally.chains.ethereum.poll-interval=100ms",
                "tally.money-out.follow-interval=100ms",
                "tally.money-out.stuck-after=0s",
                "tally.signer.daily-cap=20",
                // Sweeps run when the test asks (a round an hour would never come).
                "tally.sweeps.interval=1h",
                "tally.sweeps.threshold=1"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // sweeps first: the money-out test's addresses are not swept
class LiveMoneyOutOnAnvilTest {
    static final String ADMIN_KEY = "tly_admin_live_money_out_0123456789abcdef";
    private static final String PAYOUT_ADDRESS = AnvilNode.ACCOUNT_3;
    private static final String CUSTOMER = AnvilNode.ACCOUNT_2;
    /** A customer who gives an address on a refund's claim link. */
    private static final String CLAIMANT = "0x8ba1f109551bd432803012645ac136ddd64dba72";

    private static final AnvilMoneyOut CHAIN = AnvilMoneyOut.start();
    private static final AnvilNode ANVIL = CHAIN.anvil();
    private static final TestToken TOKEN = CHAIN.token();
    private static final String hotWallet = CHAIN.hotWallet();

    private static final String SIGNED = "dev.tally.kernel.signing.TransferSigned";
    private static final String REFUSED = "dev.tally.kernel.signing.TransferSigningRefused";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Sweeps sweeps;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) {
        CHAIN.register(registry);
    }

    @AfterAll
    static void stop() {
        CHAIN.close();
    }

    @Test
    @Order(1)
    void finalMoneyOnADepositAddressIsSweptToTheHotWalletOnceWithItsGas() throws Exception {
        HttpApi api = new HttpApi(port);
        String key = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Swept shop " + UUID.randomUUID() + "\"}")
                        .json().get("apiKey").asText();
        HttpApi.Answer created = api.post("/api/v1/invoices", key, HttpApi.json(Map.of(
                "amount", "7", "asset", "USDT", "chain", "ethereum", "orderId", "swept-1")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String deposit = created.json().get("depositAddress").asText();
        TOKEN.mint(deposit, 7_000_000);
        CHAIN.mineUntil(() -> !"0.00".equals(MoneyOut.balances(api, key).get("available").asText()));
        // 1.00 more, mined but not yet final: not swept with the rest.
        TOKEN.mint(deposit, 1_000_000);
        ANVIL.mine();
        long hotBefore = CHAIN.tokenBalance(hotWallet);
        assertThat(ANVIL.web3j().ethGetBalance(deposit, DefaultBlockParameterName.LATEST).send().getBalance())
                .isZero(); // no ether for gas: the hot wallet sends it first

        assertThat(sweeps.plan()).isEqualTo(1);
        assertThat(sweeps.plan()).isZero(); // asked again while that sweep is on its way: no second one
        String sweepPath = "/api/v1/admin/sweeps/"
                           + MoneyOut.sweep(api, ADMIN_KEY, deposit, "7.00").get("id").asText();
        // Its block dropped by a reorg before it is final: the same transaction again, swept once. (The node takes
        // it once the gas sent first is mined.)
        AtomicReference<String> handed = new AtomicReference<>();
        CHAIN.mineUntil(() -> {
            handed.set(api.get(sweepPath, ADMIN_KEY).json().path("txHash").asText(null));
            return handed.get() != null && ANVIL.receipt(handed.get()) != null;
        });
        String sweepTx = handed.get();
        ANVIL.reorg(1, List.of());
        JsonNode swept = CHAIN.mineUntilStatus(api, ADMIN_KEY, sweepPath, "confirmed");
        assertThat(swept.get("txHash").asText()).isEqualTo(sweepTx);
        assertThat(swept.get("networkFee").get("amount").asText())
                .isEqualTo(AnvilMoneyOut.feeOf(ANVIL.receipt(sweepTx)));
        assertThat(swept.get("topUpFee").get("coin").asText()).isEqualTo("ETH");
        assertThat(CHAIN.tokenBalance(hotWallet)).isEqualTo(hotBefore + 7_000_000);
        assertThat(CHAIN.tokenBalance(deposit)).isEqualTo(1_000_000);
        // Both fees booked, exact: the sweep's against the deposit address's gas, its gas's against the hot wallet.
        String sweepId = swept.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, JsonNode> entries = new java.util.HashMap<>();
            api.get("/api/v1/admin/network-fees?limit=100", ADMIN_KEY).json().get("entries")
               .forEach(e -> entries.put(e.get("id").asText(), e));
            assertThat(entries.get(sweepId + "/transaction").get("amount").asText())
                    .isEqualTo(swept.get("networkFee").get("amount").asText());
            assertThat(entries.get(sweepId + "/transaction").get("creditAccount").asText())
                    .isEqualTo("platform:deposit-gas:ethereum");
            assertThat(entries.get(sweepId + "/gas").get("amount").asText())
                    .isEqualTo(swept.get("topUpFee").get("amount").asText());
            assertThat(entries.get(sweepId + "/gas").get("creditAccount").asText())
                    .isEqualTo("platform:hot-wallet:ethereum");
        });

        // Once the 1.00 is final it is swept too; the address holds ether enough for the gas now: none is sent.
        ANVIL.mine(3);
        ANVIL.rpc("anvil_setBalance", deposit, "0xde0b6b3a7640000");
        assertThat(sweeps.plan()).isEqualTo(1);
        String secondPath = "/api/v1/admin/sweeps/"
                            + MoneyOut.sweep(api, ADMIN_KEY, deposit, "1.00").get("id").asText();
        JsonNode second = CHAIN.mineUntilStatus(api, ADMIN_KEY, secondPath, "confirmed");
        assertThat(second.get("topUpFee").isNull()).isTrue();
        assertThat(CHAIN.tokenBalance(deposit)).isZero();
        assertThat(CHAIN.tokenBalance(hotWallet)).isEqualTo(hotBefore + 8_000_000);
        assertThat(sweeps.plan()).isZero();

        // Gas dearer than the signer's max-top-up (0.05 ether: 120 000 gas at 600 gwei is 0.072): it refuses the gas,
        // and the sweep fails saying so, with nothing kept nor sent; the money stays on the address.
        HttpApi.Answer dear = api.post("/api/v1/invoices", key, HttpApi.json(Map.of(
                "amount", "3", "asset", "USDT", "chain", "ethereum", "orderId", "swept-2")));
        String dearDeposit = dear.json().get("depositAddress").asText();
        String availableBefore = MoneyOut.balances(api, key).get("available").asText();
        TOKEN.mint(dearDeposit, 3_000_000);
        CHAIN.mineUntil(() -> !availableBefore.equals(MoneyOut.balances(api, key).get("available").asText()));
        ANVIL.rpc("anvil_setNextBlockBaseFeePerGas", "0x45d964b800"); // 300 gwei
        ANVIL.mine();
        try {
            assertThat(sweeps.plan()).isEqualTo(1);
            JsonNode refused = MoneyOut.sweep(api, ADMIN_KEY, dearDeposit, "3.00");
            String refusedPath = "/api/v1/admin/sweeps/" + refused.get("id").asText();
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> "failed".equals(api.get(refusedPath, ADMIN_KEY).json().path("status").asText()));
            assertThat(api.get(refusedPath, ADMIN_KEY).json().get("failureReason").asText())
                    .contains("max-top-up");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM watcher.live_transfers WHERE intent_key LIKE ?",
                                           Long.class, refused.get("id").asText() + "/%")).isZero();
            assertThat(CHAIN.tokenBalance(dearDeposit)).isEqualTo(3_000_000);
        } finally {
            ANVIL.rpc("anvil_setNextBlockBaseFeePerGas", "0x3b9aca00"); // 1 gwei, for what follows
            ANVIL.mine();
        }

        // Signed by the signer against the platform's allowance: the sweep, its gas, the second sweep; then the
        // third sweep, whose gas was refused.
        assertThat(jdbc.queryForList("SELECT payload_type FROM eventstore.domain_event_entry WHERE "
                                     + "aggregate_identifier LIKE 'platform/ethereum/%' ORDER BY global_index",
                                     String.class))
                .containsExactly(SIGNED, SIGNED, SIGNED, SIGNED, REFUSED);
    }

    @Test
    @Order(3)
    void anOverpaymentIsRefundedOnChainByClaimLinkOnce() throws Exception {
        HttpApi api = new HttpApi(port);
        String key = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Claim shop " + UUID.randomUUID() + "\"}")
                        .json().get("apiKey").asText();
        HttpApi.Answer created = api.post("/api/v1/invoices", key, HttpApi.json(Map.of(
                "amount", "5", "asset", "USDT", "chain", "ethereum", "orderId", "overpaid-1")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        TOKEN.mint(created.json().get("depositAddress").asText(), 7_000_000); // 2.00 more than asked
        CHAIN.mineUntil(() -> "6.93".equals(MoneyOut.balances(api, key).get("available").asText()));

        // Refunded without an address: the customer gives one on the claim link, the merchant approves.
        HttpApi.Answer requested = api.post("/api/v1/invoices/" + created.json().get("id").asText() + "/refunds", key,
                                            HttpApi.json(Map.of("amount", "2", "reason", "overpaid")),
                                            UUID.randomUUID().toString());
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        String refundPath = "/api/v1/refunds/" + requested.json().get("id").asText();
        String claimId = requested.json().get("claimUrl").asText().substring("/refund/".length());
        await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/v1/public/refund-claims/" + claimId, null).status() == 200);
        HttpApi.Answer claimed = api.post("/api/v1/public/refund-claims/" + claimId, null,
                                          HttpApi.json(Map.of("address", CLAIMANT)));
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
        HttpApi.Answer approved = api.post(refundPath + "/approve", key, null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);

        JsonNode refunded = CHAIN.mineUntilStatus(api, key, refundPath, "confirmed");
        assertThat(ANVIL.receipt(refunded.get("txHash").asText()).isStatusOK()).isTrue();
        assertThat(CHAIN.tokenBalance(CLAIMANT)).isEqualTo(2_000_000);
        // Approved again: the same refund as it is, no second transaction.
        HttpApi.Answer again = api.post(refundPath + "/approve", key, null);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("confirmed");
        ANVIL.mine(3);
        assertThat(CHAIN.tokenBalance(CLAIMANT)).isEqualTo(2_000_000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(MoneyOut.balances(api, key).get("available").asText()).isEqualTo("4.95");
            assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
        });
    }

    @Test
    @Order(2)
    void liveMoneyGoesOutOnChainOnceThroughTheSignerWithinItsCap(CapturedOutput output) throws Exception {
        HttpApi api = new HttpApi(port);
        JsonNode merchant = api.post("/api/v1/merchants", ADMIN_KEY,
                                     "{\"name\":\"Live shop " + UUID.randomUUID() + "\"}").json();
        String key = merchant.get("apiKey").asText();
        String merchantId = merchant.get("id").asText();

        // A live invoice of 20.00, paid on chain, settled and final.
        HttpApi.Answer created = api.post("/api/v1/invoices", key, HttpApi.json(Map.of(
                "amount", "20", "asset", "USDT", "chain", "ethereum", "orderId", "live-1")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String invoiceId = created.json().get("id").asText();
        TOKEN.mint(created.json().get("depositAddress").asText(), 20_000_000);
        CHAIN.mineUntil(() -> !"0.00".equals(MoneyOut.balances(api, key).get("available").asText()));

        HttpApi.Answer address = api.send("PUT", "/api/v1/payout-addresses/ethereum", key,
                                          HttpApi.json(Map.of("address", PAYOUT_ADDRESS)));
        assertThat(address.status()).as(address.body()).isEqualTo(200);

        // A payout of 5.00: signed from the hot wallet, broadcast, final, paid once.
        JsonNode payout = AnvilMoneyOut.requestPayout(api, key, "5");
        JsonNode paid = CHAIN.mineUntilStatus(api, key, "/api/v1/payouts/" + payout.get("id").asText(), "confirmed");
        TransactionReceipt receipt = ANVIL.receipt(paid.get("txHash").asText());
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(CHAIN.tokenBalance(PAYOUT_ADDRESS)).isEqualTo(5_000_000);
        // What the chain charged the hot wallet for it, to the wei.
        assertThat(paid.get("networkFee").get("coin").asText()).isEqualTo("ETH");
        assertThat(paid.get("networkFee").get("amount").asText()).isEqualTo(AnvilMoneyOut.feeOf(receipt));

        // A refund of 1.00 to an address the merchant gives: the same way, to the customer.
        HttpApi.Answer refund = api.post("/api/v1/invoices/" + invoiceId + "/refunds", key,
                                         HttpApi.json(Map.of("amount", "1", "address", CUSTOMER,
                                                             "reason", "one item short")),
                                         UUID.randomUUID().toString());
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        JsonNode refunded = CHAIN.mineUntilStatus(api, key, "/api/v1/refunds/" + refund.json().get("id").asText(),
                                            "confirmed");
        TransactionReceipt refundReceipt = ANVIL.receipt(refunded.get("txHash").asText());
        assertThat(refundReceipt.isStatusOK()).isTrue();
        assertThat(refunded.get("networkFee").get("amount").asText()).isEqualTo(AnvilMoneyOut.feeOf(refundReceipt));
        assertThat(CHAIN.tokenBalance(CUSTOMER)).isEqualTo(1_000_000);

        // A payout of 2.00 whose block a reorg drops before it is final: the same transaction again, paid once.
        JsonNode second = AnvilMoneyOut.requestPayout(api, key, "2");
        String secondPath = "/api/v1/payouts/" + second.get("id").asText();
        String secondTx = handedOver(api, key, secondPath);
        ANVIL.mine();
        assertThat(ANVIL.receipt(secondTx)).isNotNull();
        ANVIL.reorg(1, List.of());
        JsonNode reorged = CHAIN.mineUntilStatus(api, key, secondPath, "confirmed");
        assertThat(reorged.get("txHash").asText()).isEqualTo(secondTx);
        assertThat(CHAIN.tokenBalance(PAYOUT_ADDRESS)).isEqualTo(7_000_000);

        // A payout of 3.00 whose transaction another of the hot wallet's replaces before it is mined (the same nonce,
        // higher fees): once that one is final, the payout fails, nothing paid, its money available again.
        String before = MoneyOut.balances(api, key).get("available").asText();
        JsonNode third = AnvilMoneyOut.requestPayout(api, key, "3");
        String thirdPath = "/api/v1/payouts/" + third.get("id").asText();
        ANVIL.sendRaw(competing(nonceOf(handedOver(api, key, thirdPath))));
        JsonNode superseded = CHAIN.mineUntilStatus(api, key, thirdPath, "failed");
        assertThat(superseded.toString()).contains("took its nonce");
        assertThat(superseded.get("networkFee").isNull()).isTrue(); // never mined: it cost nothing
        assertThat(CHAIN.tokenBalance(PAYOUT_ADDRESS)).isEqualTo(7_000_000);
        await().atMost(Duration.ofSeconds(30))
               .until(() -> before.equals(MoneyOut.balances(api, key).get("available").asText()));

        // 5 + 1 + 2 + 3 signed today: a payout of 10.00 more is beyond the signer's daily cap of 20.00, refused by
        // the signer and failed.
        JsonNode beyond = AnvilMoneyOut.requestPayout(api, key, "10");
        JsonNode failed = CHAIN.mineUntilStatus(api, key, "/api/v1/payouts/" + beyond.get("id").asText(), "failed");
        assertThat(failed.toString()).contains("daily cap");
        assertThat(CHAIN.tokenBalance(PAYOUT_ADDRESS)).isEqualTo(7_000_000);
        await().atMost(Duration.ofSeconds(30))
               .until(() -> before.equals(MoneyOut.balances(api, key).get("available").asText()));
        // A refund of 10.00 is beyond the cap too: its attempt fails, saying why; cancelled, its money is held no more.
        HttpApi.Answer capped = api.post("/api/v1/invoices/" + invoiceId + "/refunds", key,
                                         HttpApi.json(Map.of("amount", "10", "address", CUSTOMER,
                                                             "reason", "returned")),
                                         UUID.randomUUID().toString());
        assertThat(capped.status()).as(capped.body()).isEqualTo(201);
        String cappedPath = "/api/v1/refunds/" + capped.json().get("id").asText();
        assertThat(CHAIN.mineUntilStatus(api, key, cappedPath, "failed").toString()).contains("daily cap");
        HttpApi.Answer cancelled = api.post(cappedPath + "/cancel", key, "{}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
               .until(() -> before.equals(MoneyOut.balances(api, key).get("available").asText()));
        assertThat(CHAIN.tokenBalance(CUSTOMER)).isEqualTo(1_000_000);

        // The hot wallet out of gas: the node refuses the payout's transaction; it is kept, the health says so (to the
        // admin, naming it), and once the operator tops the wallet up it is handed over and paid.
        ANVIL.rpc("anvil_setBalance", hotWallet, "0x0");
        JsonNode starved = AnvilMoneyOut.requestPayout(api, key, "1");
        String starvedKey = starved.get("id").asText() + "/1";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode component = api.get("/actuator/health", ADMIN_KEY).json().path("components")
                                    .path("liveTransfers");
            assertThat(component.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(component.path("details").path("stuck").get(0).path("transfer").asText())
                    .isEqualTo(starvedKey);
            assertThat(component.path("details").path("stuck").get(0).path("error").asText())
                    .containsIgnoringCase("funds");
        });
        assertThat(api.get("/api/v1/payouts/" + starved.get("id").asText(), key).json().get("status").asText())
                .isEqualTo("pending");
        ANVIL.rpc("anvil_setBalance", hotWallet, "0xde0b6b3a7640000");
        CHAIN.mineUntilStatus(api, key, "/api/v1/payouts/" + starved.get("id").asText(), "confirmed");
        assertThat(CHAIN.tokenBalance(PAYOUT_ADDRESS)).isEqualTo(8_000_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(
                api.get("/actuator/health", ADMIN_KEY).json().path("components").path("liveTransfers")
                   .path("status").asText()));

        // The hot wallet short of the token: the payout's transaction would revert, so it is not handed over (it would
        // only burn its fee); it waits, named by the health, until the wallet holds enough, and is then paid.
        long held = CHAIN.tokenBalance(hotWallet);
        ANVIL.rpc("anvil_impersonateAccount", hotWallet);
        ANVIL.send(hotWallet, TOKEN.address(), FunctionEncoder.encode(new Function(
                "transfer", List.of(new Address(AnvilNode.ACCOUNT_2), new Uint256(held)), List.of())));
        ANVIL.mine();
        JsonNode shortOfTokens = AnvilMoneyOut.requestPayout(api, key, "1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/actuator/health", ADMIN_KEY).json().path("components").path("liveTransfers")
                   .path("details").path("stuck").toString()).contains("would fail"));
        ANVIL.mine(3);
        assertThat(api.get("/api/v1/payouts/" + shortOfTokens.get("id").asText(), key).json().get("status").asText())
                .isEqualTo("pending");
        TOKEN.mint(hotWallet, held); // the wallet refilled (a sweep, or the operator)
        JsonNode refilled = CHAIN.mineUntilStatus(api, key, "/api/v1/payouts/" + shortOfTokens.get("id").asText(),
                                            "confirmed");
        assertThat(ANVIL.receipt(refilled.get("txHash").asText()).isStatusOK()).isTrue();
        assertThat(CHAIN.tokenBalance(PAYOUT_ADDRESS)).isEqualTo(9_000_000);

        // The signer kept its signatures and its refusals as events of the merchant's allowance of the day.
        assertThat(jdbc.queryForList("SELECT payload_type FROM eventstore.domain_event_entry WHERE "
                                     + "aggregate_identifier LIKE ? ORDER BY sequence_number", String.class,
                                     merchantId + "/ethereum/%"))
                .containsExactly(SIGNED, SIGNED, SIGNED, SIGNED, REFUSED, REFUSED, SIGNED, SIGNED);
        assertThat(output).contains("Signer: the hot wallet on ethereum is " + hotWallet);
    }

    /** The payout's transaction hash, once the sender has handed it to the node. */
    private static String handedOver(HttpApi api, String key, String path) {
        AtomicReference<String> txHash = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            txHash.set(api.get(path, key).json().path("txHash").asText(null));
            return txHash.get() != null;
        });
        return txHash.get();
    }

    private static BigInteger nonceOf(String txHash) throws java.io.IOException {
        return ANVIL.web3j().ethGetTransactionByHash(txHash).send().getTransaction().orElseThrow().getNonce();
    }

    /** A transaction of the hot wallet's own (to itself, nothing sent) with {@code nonce} and higher fees. */
    private static String competing(BigInteger nonce) {
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(
                MnemonicUtils.generateSeed(AnvilMoneyOut.MNEMONIC, null));
        int hardened = Bip32ECKeyPair.HARDENED_BIT;
        Credentials hot = Credentials.create(Bip32ECKeyPair.deriveKeyPair(
                master, new int[]{44 | hardened, 60 | hardened, 1 | hardened, 0, 0}));
        assertThat(hot.getAddress()).isEqualToIgnoringCase(hotWallet);
        RawTransaction transaction = RawTransaction.createTransaction(AnvilNode.CHAIN_ID, nonce,
                BigInteger.valueOf(21_000), hotWallet, BigInteger.ZERO, "", BigInteger.valueOf(50_000_000_000L),
                BigInteger.valueOf(500_000_000_000L));
        return Numeric.toHexString(TransactionEncoder.signMessage(transaction, hot));
    }
}
