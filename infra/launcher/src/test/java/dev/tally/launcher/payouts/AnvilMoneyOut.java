package dev.tally.launcher.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.money.Chain;
import dev.tally.launcher.HttpApi;
import dev.tally.signer.SeedKeystore;
import dev.tally.signer.SignerModule;
import dev.tally.signer.SignerProperties;
import dev.tally.watcher.evm.AnvilNode;
import dev.tally.watcher.evm.TestToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * What the launcher's tests of live money out on anvil share: an anvil node with a token, the signer's keystore (the
 * "abandon … about" mnemonic, whose m/44'/60'/0' xpub the launcher watches) and its hot wallet funded with ether for
 * gas and tokens to pay out; and the reads and waits the tests make of that chain and of the API.
 */
final class AnvilMoneyOut implements MinedChain, AutoCloseable {
    static final String MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                                   + "abandon about";
    /** The m/44'/60'/0' account xpub of {@link #MNEMONIC}: where the launcher derives its deposit addresses. */
    static final String XPUB = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GF"
                               + "ZaM6si3yZdUsT8ddYM3PwnATt";
    static final String PASSWORD = "anvil-test";

    private final AnvilNode anvil;
    private final TestToken token;
    private final Path keystore;
    private final String hotWallet;

    private AnvilMoneyOut(AnvilNode anvil, TestToken token, Path keystore, String hotWallet) {
        this.anvil = anvil;
        this.token = token;
        this.keystore = keystore;
        this.hotWallet = hotWallet;
    }

    /** A new anvil node, its token, and a keystore whose hot wallet holds 1 ether and 100.00 of the token. */
    static AnvilMoneyOut start() {
        AnvilNode anvil = AnvilNode.start();
        TestToken token = TestToken.deploy(anvil);
        try {
            Path file = Files.createTempDirectory("tally-anvil-money-out").resolve("signer.keystore");
            SeedKeystore.create(file, MNEMONIC, PASSWORD.toCharArray());
            SignerProperties properties = new SignerProperties();
            properties.setKeystore(file);
            properties.setPassword(PASSWORD);
            String hotWallet = SignerModule.hotWallets(properties).get(Chain.ETHEREUM);
            anvil.rpc("anvil_setBalance", hotWallet, "0xde0b6b3a7640000"); // 1 ether for gas
            token.mint(hotWallet, 100_000_000); // the operator funds the hot wallet
            anvil.mine();
            return new AnvilMoneyOut(anvil, token, file, hotWallet);
        } catch (java.io.IOException e) {
            anvil.close();
            throw new java.io.UncheckedIOException(e);
        }
    }

    AnvilNode anvil() {
        return anvil;
    }

    TestToken token() {
        return token;
    }

    String hotWallet() {
        return hotWallet;
    }

    /** The launcher's settings that point it at this chain and this signer. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("tally.chains.ethereum.xpub", () -> XPUB);
        registry.add("tally.chains.ethereum.endpoints[0].url", anvil::url);
        registry.add("tally.chains.ethereum.token-contracts[0]", token::address);
        registry.add("tally.signer.keystore", keystore::toString);
        registry.add("tally.signer.password", () -> PASSWORD);
        registry.add("tally.signer.chains.ethereum.chain-id", () -> AnvilNode.CHAIN_ID);
        registry.add("tally.signer.chains.ethereum.token-contract", token::address);
    }

    /** What {@code owner} holds of the token in the newest block, in base units. */
    long tokenBalance(String owner) {
        String data = FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(owner)), List.of()));
        return Numeric.toBigInt(anvil.rpc("eth_call", Map.of("to", token.address(), "data", data), "latest")
                                     .asText()).longValueExact();
    }

    /** Mines one block on anvil. */
    @Override
    public void mine() {
        anvil.mine();
    }

    static JsonNode requestPayout(HttpApi api, String key, String amount) {
        HttpApi.Answer answer = api.post("/api/v1/payouts", key,
                                         HttpApi.json(Map.of("chain", "ethereum", "amount", amount)),
                                         UUID.randomUUID().toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    /** What the chain charged for a mined transaction, in ether, exact. */
    static String feeOf(TransactionReceipt receipt) {
        BigInteger wei = receipt.getGasUsed().multiply(Numeric.decodeQuantity(receipt.getEffectiveGasPrice()));
        return new BigDecimal(wei, 18).stripTrailingZeros().toPlainString();
    }

    @Override
    public void close() {
        anvil.close();
    }
}
