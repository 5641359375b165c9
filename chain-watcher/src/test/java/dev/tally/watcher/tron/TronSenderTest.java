package dev.tally.watcher.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;

import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.PayoutStatus;
import dev.tally.kernel.signing.SignTransfer;
import dev.tally.kernel.signing.SigningOutcome;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.kernel.signing.TransferIntent;
import dev.tally.kernel.signing.TransferSigned;
import dev.tally.kernel.sweep.SweepBroadcast;
import dev.tally.kernel.sweep.SweepConfirmed;
import dev.tally.kernel.sweep.SweepRequested;
import dev.tally.kernel.sweep.SweepState;
import dev.tally.signer.SeedKeystore;
import dev.tally.signer.SignerModule;
import dev.tally.signer.SignerProperties;
import dev.tally.watcher.chain.ChainEndpoint;
import dev.tally.watcher.send.ChainSender;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tron.trident.core.key.KeyPair;
import org.tron.trident.proto.Chain.Transaction;
import org.web3j.crypto.MnemonicUtils;

/**
 * The live sender on a Tron node that checks what it is given as the network does: the node drafts a payout's
 * transfer, the signer signs it from the hot wallet, the node takes it, executes it in a block and says what it
 * burned; it is final once solidified. Twins: a transaction unsigned, signed by another key, or altered after signing
 * is refused; the same bytes twice pay once; a hot wallet with neither energy nor TRX is refused until funded;
 * delegated energy burns no TRX; a transaction that expired unmined is provably dead, and not before.
 */
class TronSenderTest {
    private static final MerchantId MERCHANT = MerchantId.of("mer_tronsender1");
    private static final String MERCHANT_ADDRESS = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
    private static final String USDT = MainnetShapedBlocks.USDT;
    private static final HexFormat HEX = HexFormat.of();
    private static final AtomicLong IDS = new AtomicLong(20_000_000);

    @TempDir
    Path directory;

    private TronTestNode node;
    private TronSender sender;
    private Configuration axon;
    private String hotWallet;
    private String resourceAccount;
    private String mnemonic;

    @BeforeEach
    void start() {
        node = TronTestNode.start();
        node.produceBlock();
        sender = new TronSender(new ChainEndpoint("tron", Chain.TRON, node.url(), Duration.ofSeconds(5),
                                                  Set.of(USDT), null), USDT);
        byte[] entropy = new byte[16];
        new SecureRandom().nextBytes(entropy);
        Path keystore = directory.resolve("signer.keystore");
        mnemonic = MnemonicUtils.generateMnemonic(entropy);
        SeedKeystore.create(keystore, mnemonic, "tron".toCharArray());
        SignerProperties properties = new SignerProperties();
        properties.setKeystore(keystore);
        properties.setPassword("tron");
        var configurer = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine());
        SignerModule.register(configurer, properties, Clock.systemUTC());
        axon = configurer.buildConfiguration();
        axon.start();
        hotWallet = SignerModule.hotWallets(properties).get(Chain.TRON);
        resourceAccount = SignerModule.resourceAccounts(properties).get(Chain.TRON);
        node.mint(hotWallet, 100_000_000);
    }

    @AfterEach
    void stop() {
        axon.shutdown();
        sender.close();
        node.close();
    }

    @Test
    void aPayoutIsDraftedByTheNodeSignedByTheSignerTakenMinedAndFinalWithWhatItBurned() {
        node.fund(hotWallet, 50_000_000); // 50 TRX
        TransferSigned signed = signedPayout("7.25");

        assertThat(sender.wouldFail(signed.rawTransaction())).isEmpty();
        sender.broadcast(signed.rawTransaction());
        sender.broadcast(signed.rawTransaction()); // the same bytes again: held already, no error
        assertThat(sender.inclusion(signed.txHash())).isEmpty();
        long block = node.produceBlock().number();

        ChainSender.Inclusion included = sender.inclusion(signed.txHash()).orElseThrow();
        assertThat(included.blockNumber()).isEqualTo(block);
        assertThat(included.succeeded()).isTrue();
        // No energy delegated: 29 650 energy at 420 SUN each, burned from the hot wallet's TRX.
        assertThat(included.fee()).isEqualTo(new NetworkFee("TRX", "12.453"));
        assertThat(node.trxOf(hotWallet)).isEqualTo(50_000_000 - 12_453_000);
        assertThat(node.tokensOf(MERCHANT_ADDRESS)).isEqualTo(7_250_000);
        node.produceBlock();
        assertThat(node.tokensOf(MERCHANT_ADDRESS)).isEqualTo(7_250_000); // paid once

        assertThat(sender.finalizedNumber()).hasValue(0);
        node.solidify(block);
        assertThat(sender.finalizedNumber()).hasValue(block);
        assertThat(sender.dead(hotWallet, 0, signed.rawTransaction(), signed.txHash())).isFalse();
    }

    @Test
    void aTransferTheHotWalletCannotCoverWouldFailAndSaysSo() {
        node.fund(hotWallet, 50_000_000);
        TransferSigned beyond = signedPayout("100.01"); // the hot wallet holds 100.00

        assertThat(sender.wouldFail(beyond.rawTransaction())).hasValueSatisfying(
                reason -> assertThat(reason).contains("would fail on chain now").contains("REVERT"));
        node.mint(hotWallet, 10_000);
        assertThat(sender.wouldFail(beyond.rawTransaction())).isEmpty();
    }

    @Test
    void aTransactionUnsignedSignedByAnotherKeyOrAlteredAfterSigningIsRefused() throws Exception {
        node.fund(hotWallet, 50_000_000);
        TransferSigned signed = signedPayout("3");
        Transaction transaction = Transaction.parseFrom(HEX.parseHex(signed.rawTransaction()));

        Transaction unsigned = transaction.toBuilder().clearSignature().build();
        assertThatThrownBy(() -> sender.broadcast(HEX.formatHex(unsigned.toByteArray())))
                .isInstanceOf(TronNodeException.class).hasMessageContaining("SIGERROR");
        KeyPair stranger = KeyPair.generate();
        byte[] txid = org.web3j.crypto.Hash.sha256(transaction.getRawData().toByteArray());
        Transaction foreign = transaction.toBuilder().clearSignature()
                .addSignature(ByteString.copyFrom(KeyPair.signTransaction(txid, stranger))).build();
        assertThatThrownBy(() -> sender.broadcast(HEX.formatHex(foreign.toByteArray())))
                .isInstanceOf(TronNodeException.class).hasMessageContaining("SIGERROR");
        // The amount raised after signing: the signature no longer recovers to the hot wallet.
        Transaction altered = transaction.toBuilder().setRawData(transaction.getRawData().toBuilder()
                .setContract(0, transaction.getRawData().getContract(0).toBuilder().setParameter(
                        com.google.protobuf.Any.pack(transaction.getRawData().getContract(0).getParameter()
                                .unpack(org.tron.trident.proto.Contract.TriggerSmartContract.class).toBuilder()
                                .setData(ByteString.copyFrom(TronSender.transferCall(
                                        MERCHANT_ADDRESS, java.math.BigInteger.valueOf(90_000_000))))
                                .build())))).build();
        assertThatThrownBy(() -> sender.broadcast(HEX.formatHex(altered.toByteArray())))
                .isInstanceOf(TronNodeException.class).hasMessageContaining("SIGERROR");

        node.produceBlock();
        assertThat(node.tokensOf(MERCHANT_ADDRESS)).isZero();
        assertThat(node.trxOf(hotWallet)).isEqualTo(50_000_000);
    }

    @Test
    void aHotWalletWithoutEnergyOrTrxIsRefusedUntilFundedAndDelegatedEnergyBurnsNone() {
        TransferSigned signed = signedPayout("1");
        assertThatThrownBy(() -> sender.broadcast(signed.rawTransaction()))
                .isInstanceOf(TronNodeException.class).hasMessageContaining("balance is not sufficient");

        node.delegateEnergy(hotWallet, 65_000); // from the platform's staked TRX
        sender.broadcast(signed.rawTransaction());
        node.produceBlock();

        ChainSender.Inclusion included = sender.inclusion(signed.txHash()).orElseThrow();
        assertThat(included.succeeded()).isTrue();
        assertThat(included.fee()).isEqualTo(new NetworkFee("TRX", "0"));
        assertThat(node.trxOf(hotWallet)).isZero();
        assertThat(node.tokensOf(MERCHANT_ADDRESS)).isEqualTo(1_000_000);
    }

    @Test
    void aTransactionThatExpiredUnminedIsDeadOnceTheFinalBlockIsPastItsExpiration() throws Exception {
        TransferSigned signed = signedPayout("2"); // never taken: the hot wallet cannot pay for it
        long expiration = Transaction.parseFrom(HEX.parseHex(signed.rawTransaction())).getRawData().getExpiration();

        long before = node.produceBlock(Instant.ofEpochMilli(expiration - 1_000)).number();
        node.solidify(before);
        assertThat(sender.dead(hotWallet, 0, signed.rawTransaction(), signed.txHash())).isFalse();
        long after = node.produceBlock(Instant.ofEpochMilli(expiration + 120_000)).number();
        node.solidify(after);
        assertThat(sender.dead(hotWallet, 0, signed.rawTransaction(), signed.txHash())).isTrue();
        node.fund(hotWallet, 50_000_000);
        assertThatThrownBy(() -> sender.broadcast(signed.rawTransaction()))
                .isInstanceOf(TronNodeException.class).hasMessageContaining("TRANSACTION_EXPIRATION_ERROR");
    }

    /**
     * The energy a sweep's transfer uses, delegated from the resource account's stake: priced from the network's
     * totals with 10 % to spare in whole TRX, refused by the network to an address that does not exist yet, taken
     * once it does, used instead of burning TRX, and taken back whole afterwards.
     */
    @Test
    void aSweepsEnergyIsDelegatedFromTheStakeUsedInsteadOfTrxAndTakenBack() {
        KeyPair depositKey = new KeyPair(org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                org.web3j.crypto.Bip32ECKeyPair.deriveKeyPair(
                        org.web3j.crypto.Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(mnemonic, null)),
                        new int[] {44 | 0x80000000, 195 | 0x80000000, 0x80000000, 0, 3}).getPrivateKey(), 64));
        String deposit = depositKey.toBase58CheckAddress();
        node.mint(deposit, 20_000_000);
        SweepId sweep = SweepId.of("sw_" + IDS.incrementAndGet());
        SweepState requested = SweepState.requested(sweep, Chain.TRON, deposit, 3,
                                                    TokenAmount.parse("20", Asset.USDT), Instant.now());
        axon.eventStore().publish(new GenericDomainEventMessage<>("Sweep", sweep.value(), 0,
                                                                  new SweepRequested(requested)));
        long energy = sender.energyUse(deposit, hotWallet, requested.amount());
        assertThat(energy).isEqualTo(TronTestNode.TRANSFER_ENERGY);
        // Not staked enough: nothing to delegate. 29 650 energy, 10 % more, at 10 energy per TRX: 3 262 TRX.
        node.stakeForEnergy(resourceAccount, 3_261_000_000L);
        assertThat(sender.stakeFor(resourceAccount, energy, BigInteger.ZERO)).isEmpty();
        node.stakeForEnergy(resourceAccount, 1_000_000_000L);
        BigInteger needed = BigInteger.valueOf(3_262_000_000L);
        assertThat(sender.stakeFor(resourceAccount, energy, BigInteger.valueOf(999_000_000L))).contains(needed);
        // Stake held by delegations on their way is not promised twice.
        assertThat(sender.stakeFor(resourceAccount, energy, BigInteger.valueOf(999_000_001L))).isEmpty();

        TransferSigned delegated = signed(TransferIntent.Kind.SWEEP_ENERGY, sweep,
                                          sender.delegation(resourceAccount, deposit,
                                                            BigInteger.valueOf(3_262_000_000L)));
        assertThat(sender.wouldFail(delegated.rawTransaction())).isEmpty();
        assertThat(sender.delegated(delegated.rawTransaction())).isEqualTo(BigInteger.valueOf(3_262_000_000L));
        assertThatThrownBy(() -> sender.broadcast(delegated.rawTransaction()))
                .isInstanceOf(TronNodeException.class).hasMessageContaining("not exists");
        node.fund(deposit, 400_000); // its bandwidth's TRX, which makes the account
        sender.broadcast(delegated.rawTransaction());
        node.produceBlock();
        assertThat(sender.inclusion(delegated.txHash())).hasValueSatisfying(included -> {
            assertThat(included.succeeded()).isTrue();
            assertThat(included.fee()).isEqualTo(NetworkFee.tron(0));
        });
        assertThat(node.energyOf(deposit)).isEqualTo(32_620);
        assertThat(node.stakedOf(resourceAccount)).isEqualTo(999_000_000L);
        assertThat(sender.delegatedNow(resourceAccount, deposit)).isEqualTo(needed);

        TransferSigned swept = signed(TransferIntent.Kind.SWEEP, sweep,
                                      sender.draft(deposit, 0, hotWallet, requested.amount()));
        sender.broadcast(swept.rawTransaction());
        node.produceBlock();
        assertThat(sender.inclusion(swept.txHash()).orElseThrow().fee()).isEqualTo(NetworkFee.tron(0));
        assertThat(node.trxOf(deposit)).isEqualTo(400_000);
        assertThat(node.tokensOf(hotWallet)).isEqualTo(120_000_000);

        SweepState broadcast = requested.broadcast(swept.txHash(), Instant.now());
        axon.eventStore().publish(new GenericDomainEventMessage<>("Sweep", sweep.value(), 1,
                                                                  new SweepBroadcast(broadcast)));
        axon.eventStore().publish(new GenericDomainEventMessage<>("Sweep", sweep.value(), 2, new SweepConfirmed(
                broadcast.confirmed(2, NetworkFee.tron(0), null, Instant.now()))));
        TransferSigned takenBack = signed(TransferIntent.Kind.SWEEP_ENERGY_RETURN, sweep,
                                          sender.undelegation(resourceAccount, deposit,
                                                              sender.delegated(delegated.rawTransaction())));
        sender.broadcast(takenBack.rawTransaction());
        node.produceBlock();
        assertThat(sender.inclusion(takenBack.txHash()).orElseThrow().succeeded()).isTrue();
        assertThat(node.stakedOf(resourceAccount)).isEqualTo(4_261_000_000L);
        assertThat(sender.delegatedNow(resourceAccount, deposit)).isZero();
        assertThat(node.energyOf(deposit)).isZero();
        // The 29 650 energy the sweep used is the stake's usage now, until it recovers: 2 965 TRX of it is held.
        assertThat(node.delegatableOf(resourceAccount)).isEqualTo(4_261_000_000L - 2_965_000_000L);
    }

    private TransferSigned signed(TransferIntent.Kind kind, SweepId sweep, TransferDraft draft) {
        SigningOutcome outcome = axon.commandGateway().sendAndWait(new SignTransfer(
                new TransferIntent(kind, sweep.value(), 1), Chain.TRON, draft));
        assertThat(outcome.refusedBecause()).isNull();
        return outcome.signed();
    }

    /** A live payout to the merchant's address, in the signer's event history, drafted by the node and signed. */
    private TransferSigned signedPayout(String amount) {
        PayoutId id = PayoutId.of("po_" + IDS.incrementAndGet());
        TokenAmount value = TokenAmount.parse(amount, Asset.USDT);
        axon.eventStore().publish(new GenericDomainEventMessage<>("Payout", id.value(), 0, new PayoutCreated(
                id, FundsId.of(MERCHANT, Mode.LIVE), MERCHANT, Mode.LIVE, Chain.TRON, MERCHANT_ADDRESS, value,
                Instant.now(), PayoutStatus.PENDING, PayoutTrigger.MANUAL)));
        TransferDraft draft = sender.draft(hotWallet, 0, MERCHANT_ADDRESS, value);
        SigningOutcome outcome = axon.commandGateway().sendAndWait(new SignTransfer(
                new TransferIntent(TransferIntent.Kind.PAYOUT, id.value(), 1), Chain.TRON, draft));
        assertThat(outcome.refusedBecause()).isNull();
        return outcome.signed();
    }
}
