package dev.tally.watcher.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.refund.RefundApproved;
import dev.tally.kernel.refund.RefundCreated;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.signing.SignTransfer;
import dev.tally.kernel.signing.SigningOutcome;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.kernel.signing.TransferIntent;
import dev.tally.kernel.signing.TransferSigned;
import dev.tally.signer.SeedKeystore;
import dev.tally.signer.SignerModule;
import dev.tally.signer.SignerProperties;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The signer's transactions on a real EVM node: a refund signed from the hot wallet (a key derived from the keystore's
 * mnemonic) is mined and pays the customer; the signer restarted between signing and broadcasting gives the same
 * bytes, and the same bytes sent twice pay once.
 */
class SignerOnAnvilTest {
    private static final MerchantId MERCHANT = MerchantId.of("mer_anvilsigner1");
    private static final String CUSTOMER = AnvilNode.ACCOUNT_2;

    private static AnvilNode anvil;
    private static TestToken token;

    @TempDir
    static Path directory;
    private static SignerProperties properties;
    private static String hotWallet;

    @BeforeAll
    static void start() {
        anvil = AnvilNode.start();
        token = TestToken.deploy(anvil);
        byte[] entropy = new byte[16];
        new SecureRandom().nextBytes(entropy);
        Path keystore = directory.resolve("signer.keystore");
        SeedKeystore.create(keystore, MnemonicUtils.generateMnemonic(entropy), "anvil".toCharArray());
        properties = new SignerProperties();
        properties.setKeystore(keystore);
        properties.setPassword("anvil");
        SignerProperties.ChainSigning ethereum = new SignerProperties.ChainSigning();
        ethereum.setChainId(AnvilNode.CHAIN_ID);
        ethereum.setTokenContract(token.address());
        properties.getChains().put("ethereum", ethereum);
        hotWallet = SignerModule.hotWallets(properties).get(Chain.ETHEREUM);
        anvil.rpc("anvil_setBalance", hotWallet, "0xde0b6b3a7640000"); // 1 ether for gas
        token.mint(hotWallet, 10_000_000);
        anvil.mine();
    }

    @AfterAll
    static void stop() {
        anvil.close();
    }

    @Test
    void aSignedRefundIsMinedAndPaysTheCustomerOnceThoughSignedAgainAfterARestartAndSentTwice() {
        InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
        RefundId refund = RefundId.of("rf_anvilrefund1");
        BigInteger before = balance(CUSTOMER);
        TransferDraft.Evm draft = draft();

        Configuration signer = signer(storage);
        approvedRefund(signer, refund, "2.5");
        TransferSigned signed = sign(signer, refund, draft).signed();
        signer.shutdown();

        // The process died before it broadcast; the next one asks again and gets the very same transaction.
        Configuration restarted = signer(storage);
        TransferSigned again = sign(restarted, refund, draft()).signed();
        restarted.shutdown();
        assertThat(again.txHash()).isEqualTo(signed.txHash());
        assertThat(again.rawTransaction()).isEqualTo(signed.rawTransaction());

        assertThat(anvil.sendRaw(signed.rawTransaction())).isEqualTo(signed.txHash());
        anvil.mine();
        TransactionReceipt receipt = anvil.receipt(signed.txHash());
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(receipt.getFrom()).isEqualToIgnoringCase(hotWallet);
        assertThat(balance(CUSTOMER)).isEqualTo(before.add(BigInteger.valueOf(2_500_000)));

        assertThatThrownBy(() -> anvil.sendRaw(signed.rawTransaction())).hasMessageContaining("nonce");
        anvil.mine();
        assertThat(balance(CUSTOMER)).isEqualTo(before.add(BigInteger.valueOf(2_500_000)));
    }

    @Test
    void aTransactionWhoseBytesWereAlteredIsNotTheHotWalletsAndMovesNothing() {
        InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
        RefundId refund = RefundId.of("rf_anvilrefund2");
        Configuration signer = signer(storage);
        approvedRefund(signer, refund, "1");
        TransferSigned signed = sign(signer, refund, draft()).signed();
        signer.shutdown();
        BigInteger before = balance(AnvilNode.ACCOUNT_3);

        // The destination swapped for another address inside the signed bytes: the signature no longer recovers to
        // the hot wallet, so the node sees a sender with no ether and no tokens.
        String tampered = signed.rawTransaction().replace(CUSTOMER.substring(2).toLowerCase(),
                                                          AnvilNode.ACCOUNT_3.substring(2).toLowerCase());
        assertThat(tampered).isNotEqualTo(signed.rawTransaction());
        assertThatThrownBy(() -> anvil.sendRaw(tampered)).hasMessageContaining("funds");
        anvil.mine();
        assertThat(balance(AnvilNode.ACCOUNT_3)).isEqualTo(before);
    }

    private static Configuration signer(InMemoryEventStorageEngine storage) {
        var configurer = DefaultConfigurer.defaultConfiguration().configureEmbeddedEventStore(c -> storage);
        SignerModule.register(configurer, properties, Clock.systemUTC());
        Configuration configuration = configurer.buildConfiguration();
        configuration.start();
        return configuration;
    }

    private static void approvedRefund(Configuration axon, RefundId id, String amount) {
        TokenAmount refunded = TokenAmount.parse(amount, Asset.USDT);
        TokenAmount zero = TokenAmount.zero(Asset.USDT);
        Instant now = Instant.now();
        RefundState state = new RefundState(id, InvoiceId.of("inv_anvilinvoice1"), MERCHANT, Mode.LIVE,
                Chain.ETHEREUM, refunded, zero, refunded, zero, "overpaid", RefundStatus.AWAITING_APPROVAL, null,
                null, CUSTOMER, false, 1, null, null, null, now, now);
        axon.eventStore().publish(new GenericDomainEventMessage<>("Refund", id.value(), 0, new RefundCreated(state)));
        axon.eventStore().publish(new GenericDomainEventMessage<>(
                "Refund", id.value(), 1, new RefundApproved(state.moved(RefundStatus.APPROVED, now))));
    }

    private static SigningOutcome sign(Configuration axon, RefundId refund, TransferDraft.Evm draft) {
        SigningOutcome outcome = axon.commandGateway().sendAndWait(
                new SignTransfer(new TransferIntent(TransferIntent.Kind.REFUND, refund.value(), 1), Chain.ETHEREUM,
                                 draft));
        assertThat(outcome.refusedBecause()).isNull();
        return outcome;
    }

    /** What a sender reads from the node: the hot wallet's next nonce and the fees of the moment. */
    private static TransferDraft.Evm draft() {
        BigInteger nonce;
        try {
            nonce = anvil.web3j().ethGetTransactionCount(hotWallet, DefaultBlockParameterName.PENDING).send()
                    .getTransactionCount();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new TransferDraft.Evm(AnvilNode.CHAIN_ID, nonce, BigInteger.valueOf(100_000),
                                     BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(100_000_000_000L));
    }

    private static BigInteger balance(String owner) {
        String data = FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(owner)), List.of()));
        String result = anvil.rpc("eth_call", java.util.Map.of("to", token.address(), "data", data), "latest")
                .asText();
        return Numeric.toBigInt(result);
    }
}
