package dev.tally.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payout.PayoutBroadcast;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.PayoutStatus;
import dev.tally.kernel.refund.RefundApproved;
import dev.tally.kernel.refund.RefundCreated;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.signing.SignTransfer;
import dev.tally.kernel.signing.SigningOutcome;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.kernel.signing.TransferIntent;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.signing.ReplaceTransfer;
import dev.tally.kernel.signing.TransferSigned;
import dev.tally.kernel.signing.TransferSigningRefused;
import dev.tally.kernel.sweep.SweepBroadcast;
import dev.tally.kernel.sweep.SweepRequested;
import dev.tally.kernel.sweep.SweepState;
import dev.tally.kernel.sweep.SweepStatus;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;

/**
 * The signer on a real Axon configuration (in-memory event store): it signs what the event history says was approved,
 * once, within the day's cap, and every signature and refusal is an event.
 */
class TransferSignerTest {
    static final MerchantId MERCHANT = MerchantId.of("mer_signer0001");
    static final MerchantId OTHER_MERCHANT = MerchantId.of("mer_signer0002");
    static final String CUSTOMER_EVM = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    static final long CHAIN_ID = 31337;
    static final Instant MORNING = Instant.parse("2026-12-07T09:00:00Z");

    @TempDir
    Path directory;

    private final AtomicReference<Instant> now = new AtomicReference<>(MORNING);
    private final AtomicLong nonce = new AtomicLong();
    private Configuration axon;
    private String hotWallet;

    @BeforeEach
    void start() {
        Path keystore = directory.resolve("signer.keystore");
        SeedKeystore.create(keystore, KeyRingTest.TEST_MNEMONIC, "pw".toCharArray());
        SignerProperties properties = new SignerProperties();
        properties.setKeystore(keystore);
        properties.setPassword("pw");
        properties.setDailyCap("10");
        SignerProperties.ChainSigning ethereum = new SignerProperties.ChainSigning();
        ethereum.setChainId(CHAIN_ID);
        properties.getChains().put("ethereum", ethereum);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        var configurer = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine());
        SignerModule.register(configurer, properties, clock);
        axon = configurer.buildConfiguration();
        axon.start();
        hotWallet = KeyRing.address(Chain.ETHEREUM, new KeyRing(KeyRingTest.SEED).hotWallet(Chain.ETHEREUM));
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    @Test
    void anApprovedRefundIsSignedFromTheHotWalletToItsAddressOnce() throws Exception {
        RefundId refund = refund(MERCHANT, Mode.LIVE, "2.50", RefundStatus.APPROVED, CUSTOMER_EVM);

        SigningOutcome first = sign(TransferIntent.Kind.REFUND, refund.value(), 1);
        SigningOutcome again = sign(TransferIntent.Kind.REFUND, refund.value(), 1);

        assertThat(first.isSigned()).isTrue();
        TransferSigned signed = first.signed();
        assertThat(signed.from()).isEqualTo(hotWallet);
        assertThat(signed.to()).isEqualTo(CUSTOMER_EVM);
        assertThat(signed.amount()).isEqualTo(usdt("2.50"));
        assertThat(signed.txHash()).isEqualTo(Hash.sha3(signed.rawTransaction()));
        SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(signed.rawTransaction());
        assertThat(decoded.getFrom()).isEqualToIgnoringCase(hotWallet);
        assertThat(decoded.getTo()).isEqualToIgnoringCase(SignerSettings.ETHEREUM_USDT);
        assertThat(decoded.getTransaction()).isInstanceOfSatisfying(Transaction1559.class,
                eip1559 -> assertThat(eip1559.getChainId()).isEqualTo(CHAIN_ID));
        assertThat(decoded.getData()).isEqualTo("a9059cbb" + "000000000000000000000000"
                                                + CUSTOMER_EVM.substring(2).toLowerCase()
                                                + String.format("%064x", 2_500_000));
        assertThat(again).isEqualTo(first);
        assertThat(events(MERCHANT)).hasSize(1);
    }

    @Test
    void whatIsNotApprovedLiveMoneyIsRefusedAndTheRefusalIsAnEvent() {
        RefundId awaiting = refund(MERCHANT, Mode.LIVE, "1", RefundStatus.AWAITING_APPROVAL, CUSTOMER_EVM);
        RefundId test = refund(MERCHANT, Mode.TEST, "1", RefundStatus.APPROVED, CUSTOMER_EVM);
        RefundId approved = refund(MERCHANT, Mode.LIVE, "1", RefundStatus.APPROVED, CUSTOMER_EVM);

        assertThat(sign(TransferIntent.Kind.REFUND, awaiting.value(), 1).refusedBecause())
                .isEqualTo("the refund is awaiting_approval, not approved");
        assertThat(sign(TransferIntent.Kind.REFUND, test.value(), 1).refusedBecause())
                .isEqualTo("the refund is a test-mode one: it is paid on the sandbox chain, never signed for");
        assertThat(sign(TransferIntent.Kind.REFUND, approved.value(), 2).refusedBecause())
                .isEqualTo("the refund is at attempt 1, not 2");
        assertThat(sign(TransferIntent.Kind.PAYOUT, approved.value(), 1).refusedBecause())
                .isEqualTo("no payout " + approved.value() + " in the event history");
        assertThat(signWith(TransferIntent.Kind.REFUND, approved.value(), 1, Chain.ETHEREUM,
                            evmDraft(1)).refusedBecause())
                .isEqualTo("the draft is not an EVM transaction for chain id " + CHAIN_ID);
        assertThat(signWith(TransferIntent.Kind.REFUND, approved.value(), 1, Chain.TRON,
                            new TransferDraft.Tron("00")).refusedBecause())
                .isEqualTo("the refund is paid on ethereum, not tron");

        List<Object> refusals = events(MERCHANT);
        assertThat(refusals).hasSize(4).allSatisfy(e -> assertThat(e).isInstanceOf(TransferSigningRefused.class));
        assertThat(refusals).extracting(e -> ((TransferSigningRefused) e).intent().id())
                .containsExactly(awaiting.value(), test.value(), approved.value(), approved.value());
        assertThat(events(MERCHANT, Chain.TRON)).singleElement().isInstanceOf(TransferSigningRefused.class);
        assertThat(events(null)).singleElement().isInstanceOfSatisfying(TransferSigningRefused.class,
                refused -> assertThat(refused.reason()).startsWith("no payout"));
    }

    @Test
    void aPendingPayoutIsSignedToItsAddressAndOneOnItsWayIsNot() {
        PayoutId pending = payout(PayoutStatus.PENDING);
        PayoutId broadcast = payout(PayoutStatus.BROADCAST);

        assertThat(sign(TransferIntent.Kind.PAYOUT, pending.value(), 1).signed().to()).isEqualTo(CUSTOMER_EVM);
        assertThat(sign(TransferIntent.Kind.PAYOUT, broadcast.value(), 1).refusedBecause())
                .isEqualTo("the payout is broadcast, not pending");
    }

    @Test
    void theDailyCapHoldsPerMerchantAndChainAndDay() {
        RefundId six = refund(MERCHANT, Mode.LIVE, "6", RefundStatus.APPROVED, CUSTOMER_EVM);
        RefundId five = refund(MERCHANT, Mode.LIVE, "5", RefundStatus.APPROVED, CUSTOMER_EVM);
        RefundId four = refund(MERCHANT, Mode.LIVE, "4", RefundStatus.APPROVED, CUSTOMER_EVM);
        RefundId othersFive = refund(OTHER_MERCHANT, Mode.LIVE, "5", RefundStatus.APPROVED, CUSTOMER_EVM);

        assertThat(sign(TransferIntent.Kind.REFUND, six.value(), 1).isSigned()).isTrue();
        assertThat(sign(TransferIntent.Kind.REFUND, five.value(), 1).refusedBecause())
                .isEqualTo("the merchant's transfers signed on ethereum today would come to 11.00, above the daily "
                           + "cap of 10.00");
        assertThat(sign(TransferIntent.Kind.REFUND, four.value(), 1).signed().signedToday()).isEqualTo(usdt("10"));
        assertThat(sign(TransferIntent.Kind.REFUND, othersFive.value(), 1).isSigned()).isTrue();

        now.set(MORNING.plus(Duration.ofDays(1)));
        assertThat(sign(TransferIntent.Kind.REFUND, five.value(), 1).signed().signedToday()).isEqualTo(usdt("5"));
    }

    @Test
    void anAttemptSignedYesterdayGetsYesterdaysBytes() {
        RefundId refund = refund(MERCHANT, Mode.LIVE, "3", RefundStatus.APPROVED, CUSTOMER_EVM);
        TransferSigned yesterday = sign(TransferIntent.Kind.REFUND, refund.value(), 1).signed();

        now.set(MORNING.plus(Duration.ofHours(20)));
        SigningOutcome today = signWith(TransferIntent.Kind.REFUND, refund.value(), 1, Chain.ETHEREUM,
                                        evmDraft(CHAIN_ID));

        assertThat(today.signed()).isEqualTo(yesterday);
    }

    @Test
    void aRequestedSweepIsSignedFromItsDepositAddressToTheHotWalletWithItsGasAndNoMerchantCap() throws Exception {
        KeyRing keys = new KeyRing(KeyRingTest.SEED);
        String deposit = KeyRing.address(Chain.ETHEREUM, keys.depositKey(Chain.ETHEREUM, 3));
        SweepId sweep = sweep(deposit, 3, "25", SweepStatus.REQUESTED); // above any merchant's cap of 10

        TransferSigned swept = sign(TransferIntent.Kind.SWEEP, sweep.value(), 1).signed();
        TransferSigned gas = sign(TransferIntent.Kind.SWEEP_GAS, sweep.value(), 1).signed();

        SignedRawTransaction sweepTx = (SignedRawTransaction) TransactionDecoder.decode(swept.rawTransaction());
        assertThat(swept.from()).isEqualTo(deposit);
        assertThat(swept.to()).isEqualTo(hotWallet);
        assertThat(sweepTx.getFrom()).isEqualToIgnoringCase(deposit);
        assertThat(sweepTx.getTo()).isEqualToIgnoringCase(SignerSettings.ETHEREUM_USDT);
        assertThat(sweepTx.getData()).isEqualTo("a9059cbb" + "000000000000000000000000"
                                                + hotWallet.substring(2).toLowerCase()
                                                + String.format("%064x", 25_000_000));
        // The gas: exactly what the draft's gas limit at its fee cap can cost (90 000 × 30 gwei), in ether, no call.
        SignedRawTransaction gasTx = (SignedRawTransaction) TransactionDecoder.decode(gas.rawTransaction());
        assertThat(gasTx.getFrom()).isEqualToIgnoringCase(hotWallet);
        assertThat(gasTx.getTo()).isEqualToIgnoringCase(deposit);
        assertThat(gasTx.getValue()).isEqualTo(BigInteger.valueOf(90_000L * 30_000_000_000L));
        assertThat(gasTx.getData()).isEmpty();
        assertThat(gas.amount()).isEqualTo(usdt("0"));
        // Counted against the platform's allowance of the day, which has no cap; asked again, the same bytes.
        assertThat(sign(TransferIntent.Kind.SWEEP, sweep.value(), 1).signed()).isEqualTo(swept);
        assertThat(events(SigningAllowance.PLATFORM, Chain.ETHEREUM)).hasSize(2)
                .allSatisfy(e -> assertThat(e).isInstanceOf(TransferSigned.class));
    }

    @Test
    void aSweepWhoseIndexIsNotItsAddressOrThatAsksTooMuchGasOrIsOnItsWayOrIsATestOneIsRefused() {
        KeyRing keys = new KeyRing(KeyRingTest.SEED);
        String deposit = KeyRing.address(Chain.ETHEREUM, keys.depositKey(Chain.ETHEREUM, 3));
        String other = KeyRing.address(Chain.ETHEREUM, keys.depositKey(Chain.ETHEREUM, 4));
        SweepId wrongIndex = sweep(deposit, 4, "5", SweepStatus.REQUESTED);
        SweepId requested = sweep(deposit, 3, "5", SweepStatus.REQUESTED);
        SweepId broadcast = sweep(deposit, 3, "5", SweepStatus.BROADCAST);
        SweepId test = SweepId.of("sw_" + IDS.incrementAndGet());
        publish(test.value(), 0, new SweepRequested(SweepState.requested(test, Chain.ETHEREUM, deposit, 3, usdt("5"),
                                                                         Mode.TEST, MORNING)));

        assertThat(sign(TransferIntent.Kind.SWEEP, wrongIndex.value(), 1).refusedBecause())
                .isEqualTo("deposit address index 4 is " + other + ", not " + deposit);
        // Nor is gas sent to an address that is not the index's: it could be anyone's.
        assertThat(sign(TransferIntent.Kind.SWEEP_GAS, wrongIndex.value(), 1).refusedBecause())
                .isEqualTo("deposit address index 4 is " + other + ", not " + deposit);
        // 90 000 gas at 1 000 gwei is 0.09 ether, above the max-top-up of 0.05.
        assertThat(signWith(TransferIntent.Kind.SWEEP_GAS, requested.value(), 1, Chain.ETHEREUM,
                            new TransferDraft.Evm(CHAIN_ID, BigInteger.ZERO, BigInteger.valueOf(90_000),
                                                  BigInteger.ONE, BigInteger.valueOf(1_000_000_000_000L)))
                           .refusedBecause())
                .startsWith("the gas asked for (90000000000000000 wei) is more than the chain's max-top-up");
        assertThat(sign(TransferIntent.Kind.SWEEP, broadcast.value(), 1).refusedBecause())
                .isEqualTo("the sweep is broadcast, not requested");
        assertThat(signWith(TransferIntent.Kind.SWEEP, requested.value(), 1, Chain.TRON,
                            new TransferDraft.Tron("00")).refusedBecause())
                .isEqualTo("the sweep is paid on ethereum, not tron");
        // A test sweep is the sandbox chain's: never signed for, however real its address.
        assertThat(sign(TransferIntent.Kind.SWEEP, test.value(), 1).refusedBecause())
                .startsWith("the sweep is a test-mode one");
        assertThat(events(SigningAllowance.PLATFORM, Chain.ETHEREUM)).hasSize(5)
                .allSatisfy(e -> assertThat(e).isInstanceOf(TransferSigningRefused.class));
    }

    /**
     * Prevents: the platform's staked energy delegated for a sweep that is not waiting for it, to an address its index
     * does not give, or taken back before the sweep's transaction is final.
     */
    @Test
    void aTronSweepsEnergyIsDelegatedByTheResourceAccountWhileRequestedAndTakenBackOnceFinal() throws Exception {
        KeyRing keys = new KeyRing(KeyRingTest.SEED);
        String resource = KeyRing.address(Chain.TRON, keys.resourceAccount(Chain.TRON));
        String deposit = KeyRing.address(Chain.TRON, keys.depositKey(Chain.TRON, 5));
        SweepId sweep = SweepId.of("sw_" + IDS.incrementAndGet());
        SweepState requested = SweepState.requested(sweep, Chain.TRON, deposit, 5, usdt("20"), MORNING);
        publish(sweep.value(), 0, new SweepRequested(requested));
        Instant expiration = MORNING.plusSeconds(60);
        TransferDraft.Tron delegation = new TransferDraft.Tron(TronDrafts.delegation(
                resource, deposit, 3_262_000_000L, org.tron.trident.proto.Common.ResourceCode.ENERGY, false, false,
                expiration));
        TransferDraft.Tron taking = new TransferDraft.Tron(TronDrafts.delegation(
                resource, deposit, 3_262_000_000L, org.tron.trident.proto.Common.ResourceCode.ENERGY, false, true,
                expiration));

        TransferSigned delegated = signWith(TransferIntent.Kind.SWEEP_ENERGY, sweep.value(), 1, Chain.TRON,
                                            delegation).signed();
        assertThat(delegated.from()).isEqualTo(resource);
        org.tron.trident.proto.Chain.Transaction transaction = org.tron.trident.proto.Chain.Transaction.parseFrom(
                java.util.HexFormat.of().parseHex(delegated.rawTransaction()));
        assertThat(org.tron.trident.core.transaction.SignatureValidator.verify(
                Hash.sha256(transaction.getRawData().toByteArray()), transaction.getSignature(0).toByteArray(),
                TronTransfers.addressBytes(resource).toByteArray())).isTrue();
        // Not taken back while the sweep has not gone out; once it is final, it is.
        assertThat(signWith(TransferIntent.Kind.SWEEP_ENERGY_RETURN, sweep.value(), 1, Chain.TRON, taking)
                           .refusedBecause())
                .isEqualTo("the sweep is requested, not confirmed or failed");
        SweepState broadcast = requested.broadcast("ab".repeat(32), MORNING);
        publish(sweep.value(), 1, new SweepBroadcast(broadcast));
        assertThat(signWith(TransferIntent.Kind.SWEEP_ENERGY, sweep.value(), 1, Chain.TRON, delegation)
                           .signed()).isEqualTo(delegated); // asked again: the same bytes
        publish(sweep.value(), 2, new dev.tally.kernel.sweep.SweepConfirmed(broadcast.confirmed(
                12, dev.tally.kernel.money.NetworkFee.tron(0), null, MORNING)));
        TransferSigned takenBack = signWith(TransferIntent.Kind.SWEEP_ENERGY_RETURN, sweep.value(), 1, Chain.TRON,
                                            taking).signed();
        assertThat(takenBack.from()).isEqualTo(resource);
        // That return expired unmined: its second attempt is a new transaction, signed once too.
        TransferDraft.Tron later = new TransferDraft.Tron(TronDrafts.delegation(
                resource, deposit, 3_262_000_000L, org.tron.trident.proto.Common.ResourceCode.ENERGY, false, true,
                expiration.plusSeconds(120)));
        TransferSigned again = signWith(TransferIntent.Kind.SWEEP_ENERGY_RETURN, sweep.value(), 2, Chain.TRON,
                                        later).signed();
        assertThat(again.txHash()).isNotEqualTo(takenBack.txHash());
        assertThat(signWith(TransferIntent.Kind.SWEEP_ENERGY_RETURN, sweep.value(), 2, Chain.TRON, taking).signed())
                .isEqualTo(again);

        // Energy for another sweep's address, or for one whose index gives another address: refused.
        SweepId wrongIndex = SweepId.of("sw_" + IDS.incrementAndGet());
        publish(wrongIndex.value(), 0, new SweepRequested(SweepState.requested(wrongIndex, Chain.TRON, deposit, 6,
                                                                               usdt("20"), MORNING)));
        assertThat(signWith(TransferIntent.Kind.SWEEP_ENERGY, wrongIndex.value(), 1, Chain.TRON, delegation)
                           .refusedBecause())
                .isEqualTo("deposit address index 6 is " + KeyRing.address(Chain.TRON, keys.depositKey(Chain.TRON, 6))
                           + ", not " + deposit);
        assertThat(events(SigningAllowance.PLATFORM, Chain.TRON)).hasSize(5);
    }

    /**
     * Prevents: a stuck transaction replaced into a second payment (another nonce), by one a node would not take (fees
     * not raised enough), twice, after its payout ended, or counted twice against the cap.
     */
    @Test
    void aStuckTransactionIsReplacedWithItsNonceAndHigherFeesOnceAndCountedOnce() {
        PayoutId payout = payout(PayoutStatus.PENDING);
        TransferDraft.Evm draft = evmDraft(CHAIN_ID);
        TransferSigned first = signWith(TransferIntent.Kind.PAYOUT, payout.value(), 1, Chain.ETHEREUM, draft).signed();
        FundsId funds = new FundsId("fnd_live_" + MERCHANT.value());
        publish(payout.value(), 1, new PayoutBroadcast(payout, funds, MERCHANT, Mode.LIVE, Chain.ETHEREUM,
                                                       CUSTOMER_EVM, usdt("1"), first.txHash(), MORNING,
                                                       PayoutStatus.BROADCAST, PayoutTrigger.MANUAL));

        assertThat(replace(payout, draft, first.txHash()).refusedBecause())
                .contains("pays at least 10 % more in both fees");
        TransferDraft.Evm otherNonce = new TransferDraft.Evm(CHAIN_ID, draft.nonce().add(BigInteger.ONE),
                                                             draft.gasLimit(),
                                                             draft.maxPriorityFeePerGas().shiftLeft(1),
                                                             draft.maxFeePerGas().shiftLeft(1));
        assertThat(replace(payout, otherNonce, first.txHash()).refusedBecause())
                .startsWith("a replacement keeps the nonce (" + draft.nonce() + ")");

        TransferDraft.Evm bumped = draft.replacedAt(draft);
        SigningOutcome replaced = replace(payout, bumped, first.txHash());
        assertThat(replaced.isSigned()).isTrue();
        TransferSigned replacement = replaced.signed();
        assertThat(replacement.replaces()).isEqualTo(first.txHash());
        assertThat(replacement.txHash()).isNotEqualTo(first.txHash());
        assertThat(replacement.signedToday()).isEqualTo(first.signedToday()); // only one of the two can be mined
        Transaction1559 decoded = (Transaction1559) TransactionDecoder.decode(replacement.rawTransaction())
                                                                      .getTransaction();
        assertThat(decoded.getNonce()).isEqualTo(draft.nonce());
        assertThat(decoded.getMaxFeePerGas()).isGreaterThan(draft.maxFeePerGas());
        // Asked again (a follower that crashed before keeping it): the same replacement. Asked for the first one
        // signed, which is no longer the last: refused.
        assertThat(replace(payout, bumped, first.txHash())).isEqualTo(replaced);
        assertThat(sign(TransferIntent.Kind.PAYOUT, payout.value(), 1)).isEqualTo(replaced);
        assertThat(replace(payout, bumped.replacedAt(bumped), "0x" + "99".repeat(32)).refusedBecause())
                .contains("is not the one signed last");

        publish(payout.value(), 2, new PayoutConfirmed(payout, funds, MERCHANT, Mode.LIVE, Chain.ETHEREUM,
                                                       CUSTOMER_EVM, usdt("1"), replacement.txHash(), 42, MORNING,
                                                       PayoutStatus.CONFIRMED, PayoutTrigger.MANUAL));
        assertThat(replace(payout, bumped.replacedAt(bumped), replacement.txHash()).refusedBecause())
                .isEqualTo("the payout is confirmed: its transaction is no longer replaced");
        assertThat(events(MERCHANT)).filteredOn(e -> e instanceof TransferSigned).hasSize(2);
        assertThat(events(MERCHANT)).filteredOn(e -> e instanceof TransferSigningRefused).hasSize(4);
    }

    private SigningOutcome replace(PayoutId payout, TransferDraft.Evm draft, String replacing) {
        return axon.commandGateway().sendAndWait(new ReplaceTransfer(
                new TransferIntent(TransferIntent.Kind.PAYOUT, payout.value(), 1), Chain.ETHEREUM, draft, replacing,
                MORNING.atZone(ZoneOffset.UTC).toLocalDate()));
    }

    private SweepId sweep(String deposit, long index, String amount, SweepStatus status) {
        SweepId id = SweepId.of("sw_" + IDS.incrementAndGet());
        SweepState requested = SweepState.requested(id, Chain.ETHEREUM, deposit, index, usdt(amount), MORNING);
        publish(id.value(), 0, new SweepRequested(requested));
        if (status == SweepStatus.BROADCAST) {
            publish(id.value(), 1, new SweepBroadcast(requested.broadcast("0x" + "cd".repeat(32), MORNING)));
        }
        return id;
    }

    private SigningOutcome sign(TransferIntent.Kind kind, String id, int attempt) {
        return signWith(kind, id, attempt, Chain.ETHEREUM, evmDraft(CHAIN_ID));
    }

    private SigningOutcome signWith(TransferIntent.Kind kind, String id, int attempt, Chain chain,
                                    TransferDraft draft) {
        return axon.commandGateway().sendAndWait(new SignTransfer(new TransferIntent(kind, id, attempt), chain, draft));
    }

    private TransferDraft.Evm evmDraft(long chainId) {
        return new TransferDraft.Evm(chainId, BigInteger.valueOf(nonce.getAndIncrement()), BigInteger.valueOf(90_000),
                                     BigInteger.valueOf(1_000_000_000), BigInteger.valueOf(30_000_000_000L));
    }

    private List<Object> events(MerchantId merchant) {
        return events(merchant, Chain.ETHEREUM);
    }

    private List<Object> events(MerchantId merchant, Chain chain) {
        return events(merchant == null ? SigningAllowance.UNKNOWN : merchant.value(), chain);
    }

    private List<Object> events(String owner, Chain chain) {
        String id = SigningAllowance.id(owner, chain, now.get().atZone(ZoneOffset.UTC).toLocalDate());
        List<Object> payloads = new ArrayList<>();
        axon.eventStore().readEvents(id).asStream().forEach(e -> payloads.add(e.getPayload()));
        return payloads;
    }

    private static final AtomicLong IDS = new AtomicLong(10_000_000);

    private RefundId refund(MerchantId merchant, Mode mode, String amount, RefundStatus status, String address) {
        RefundId id = RefundId.of("rf_" + IDS.incrementAndGet());
        RefundState created = new RefundState(id, InvoiceId.of("inv_" + IDS.incrementAndGet()), merchant, mode,
                Chain.ETHEREUM, usdt(amount), usdt("0"), usdt(amount), usdt("0"), "customer asked",
                RefundStatus.AWAITING_APPROVAL, null, null, address, false, 1, null, null, null, MORNING, MORNING);
        publish(id.value(), 0, new RefundCreated(created));
        if (status != RefundStatus.AWAITING_APPROVAL) {
            publish(id.value(), 1, new RefundApproved(created.moved(status, MORNING)));
        }
        return id;
    }

    private PayoutId payout(PayoutStatus status) {
        PayoutId id = PayoutId.of("po_" + IDS.incrementAndGet());
        FundsId funds = new FundsId("fnd_live_" + MERCHANT.value());
        publish(id.value(), 0, new PayoutCreated(id, funds, MERCHANT, Mode.LIVE, Chain.ETHEREUM, CUSTOMER_EVM,
                                                 usdt("1"), MORNING, PayoutStatus.PENDING, PayoutTrigger.MANUAL));
        if (status == PayoutStatus.BROADCAST) {
            publish(id.value(), 1, new PayoutBroadcast(id, funds, MERCHANT, Mode.LIVE, Chain.ETHEREUM, CUSTOMER_EVM,
                                                       usdt("1"), "0x" + "ab".repeat(32), MORNING,
                                                       PayoutStatus.BROADCAST, PayoutTrigger.MANUAL));
        }
        return id;
    }

    private void publish(String aggregateId, long sequence, Object payload) {
        axon.eventStore().publish(new GenericDomainEventMessage<>("Test", aggregateId, sequence, payload));
    }

    private static TokenAmount usdt(String amount) {
        return TokenAmount.parse(amount, Asset.USDT);
    }
}
