package dev.tally.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.signing.TransferDraft;

import org.junit.jupiter.api.Test;
import org.tron.trident.core.transaction.SignatureValidator;
import org.tron.trident.proto.Common;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;

class TronTransfersTest {
    static final KeyRing KEYS = new KeyRing(KeyRingTest.SEED);
    static final ECKeyPair HOT = KEYS.hotWallet(Chain.TRON);
    static final String FROM = KeyRing.address(Chain.TRON, HOT);
    static final String TOKEN = SignerSettings.TRON_USDT;
    static final String CUSTOMER = KeyRing.address(Chain.TRON, KEYS.depositKey(Chain.TRON, 7));
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void signsTheIntentsTransferSoThatTheOwnerVerifies() throws Exception {
        TransferDraft.Tron draft = new TransferDraft.Tron(
                TronDrafts.raw(TronDrafts.transfer(FROM, TOKEN, CUSTOMER, 2_500_000), NOW.plusSeconds(60)));

        assertThat(TronTransfers.mismatch(draft, FROM, TOKEN, CUSTOMER, BigInteger.valueOf(2_500_000), NOW)).isEmpty();
        SignedTransaction signed = TronTransfers.sign(HOT, draft);

        byte[] txid = Hash.sha256(HexFormat.of().parseHex(draft.rawDataHex()));
        assertThat(signed.txHash()).isEqualTo(HexFormat.of().formatHex(txid));
        org.tron.trident.proto.Chain.Transaction transaction =
                org.tron.trident.proto.Chain.Transaction.parseFrom(HexFormat.of().parseHex(signed.rawTransaction()));
        assertThat(transaction.getRawData().toByteArray()).isEqualTo(HexFormat.of().parseHex(draft.rawDataHex()));
        assertThat(SignatureValidator.verify(txid, transaction.getSignature(0).toByteArray(),
                                             TronTransfers.addressBytes(FROM).toByteArray())).isTrue();
        assertThat(SignatureValidator.verify(txid, transaction.getSignature(0).toByteArray(),
                                             TronTransfers.addressBytes(CUSTOMER).toByteArray())).isFalse();
    }

    @Test
    void refusesADraftThatIsNotExactlyTheIntentsTransfer() {
        BigInteger amount = BigInteger.valueOf(2_500_000);
        Instant soon = NOW.plusSeconds(60);
        String attacker = KeyRing.address(Chain.TRON, KEYS.depositKey(Chain.TRON, 8));

        assertThat(mismatch(TronDrafts.transfer(FROM, TOKEN, attacker, 2_500_000), soon, amount))
                .contains("the draft's call is not transfer(" + CUSTOMER + ", 2500000)");
        assertThat(mismatch(TronDrafts.transfer(FROM, TOKEN, CUSTOMER, 25_000_000), soon, amount))
                .contains("the draft's call is not transfer(" + CUSTOMER + ", 2500000)");
        assertThat(mismatch(TronDrafts.transfer(attacker, TOKEN, CUSTOMER, 2_500_000), soon, amount))
                .contains("the draft is sent from " + attacker + ", not " + FROM);
        assertThat(mismatch(TronDrafts.transfer(FROM, attacker, CUSTOMER, 2_500_000), soon, amount))
                .contains("the draft calls " + attacker + ", not the token contract " + TOKEN);
        assertThat(mismatch(TronDrafts.transfer(FROM, TOKEN, CUSTOMER, 2_500_000).setCallValue(1), soon, amount))
                .contains("the draft sends TRX or another token along");
        assertThat(mismatch(TronDrafts.transfer(FROM, TOKEN, CUSTOMER, 2_500_000), NOW, amount))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not within 24 hours"));
        assertThat(mismatch(TronDrafts.transfer(FROM, TOKEN, CUSTOMER, 2_500_000),
                            NOW.plus(Duration.ofHours(25)), amount))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not within 24 hours"));
        assertThat(TronTransfers.mismatch(new TransferDraft.Tron("zz"), FROM, TOKEN, CUSTOMER, amount, NOW))
                .contains("the draft is not a Tron transaction's raw_data");
        assertThat(TronTransfers.mismatch(new TransferDraft.Tron(TronDrafts.raw(
                        TronDrafts.transfer(FROM, TOKEN, CUSTOMER, 2_500_000), soon)), FROM, TOKEN, "0xabc", amount,
                                          NOW))
                .contains("0xabc is not a Tron address");
    }

    /** Prevents: a sweep's TRX sent anywhere but the deposit address, from anyone but the hot wallet, or too much. */
    @Test
    void aSweepsTrxGoesFromTheHotWalletToItsDepositAddressWithinTheCap() {
        BigInteger cap = BigInteger.valueOf(30_000_000);
        Instant soon = NOW.plusSeconds(60);
        String other = KeyRing.address(Chain.TRON, KEYS.depositKey(Chain.TRON, 8));
        assertThat(coinMismatch(FROM, CUSTOMER, 12_453_000, soon, cap)).isEmpty();
        assertThat(coinMismatch(FROM, other, 12_453_000, soon, cap))
                .contains("the draft pays " + other + ", not the deposit address " + CUSTOMER);
        assertThat(coinMismatch(other, CUSTOMER, 12_453_000, soon, cap))
                .contains("the draft is sent from " + other + ", not the hot wallet " + FROM);
        assertThat(coinMismatch(FROM, CUSTOMER, 30_000_001, soon, cap))
                .contains("the TRX asked for (30000001 SUN) is more than the chain's max-top-up (30000000 SUN)");
        assertThat(coinMismatch(FROM, CUSTOMER, 12_453_000, NOW, cap))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not within 24 hours"));
        // A token transfer is not a TRX transfer.
        assertThat(TronTransfers.coinMismatch(new TransferDraft.Tron(TronDrafts.raw(
                TronDrafts.transfer(FROM, TOKEN, CUSTOMER, 1), soon)), FROM, CUSTOMER, cap, NOW))
                .contains("the draft is not one TRX transfer");
    }

    private static java.util.Optional<String> coinMismatch(String from, String to, long sun, Instant expiration,
                                                           BigInteger cap) {
        return TronTransfers.coinMismatch(new TransferDraft.Tron(TronDrafts.coins(from, to, sun, expiration)), FROM,
                                          CUSTOMER, cap, NOW);
    }

    private static java.util.Optional<String> mismatch(org.tron.trident.proto.Contract.TriggerSmartContract.Builder call,
                                                       Instant expiration, BigInteger amount) {
        return TronTransfers.mismatch(new TransferDraft.Tron(TronDrafts.raw(call, expiration)), FROM, TOKEN,
                                      CUSTOMER, amount, NOW);
    }

    /**
     * Prevents: the platform's staked energy delegated to anyone but the sweep's deposit address, by anyone but the
     * resource account, locked (it could not be taken back), as bandwidth, or beyond the cap.
     */
    @Test
    void aSweepsEnergyIsTheResourceAccountsUnlockedDelegationToItsDepositAddressWithinTheCap() {
        String resource = KeyRing.address(Chain.TRON, KEYS.resourceAccount(Chain.TRON));
        String other = KeyRing.address(Chain.TRON, KEYS.depositKey(Chain.TRON, 8));
        BigInteger cap = BigInteger.valueOf(20_000_000_000L);
        Instant soon = NOW.plusSeconds(60);
        Common.ResourceCode energy = Common.ResourceCode.ENERGY;

        assertThat(delegation(resource, CUSTOMER, 3_262_000_000L, energy, false, false, soon, cap)).isEmpty();
        assertThat(delegation(resource, CUSTOMER, 3_262_000_000L, energy, false, true, soon, cap)).isEmpty();
        assertThat(delegation(resource, other, 3_262_000_000L, energy, false, false, soon, cap))
                .contains("the draft's receiver is " + other + ", not the deposit address " + CUSTOMER);
        assertThat(delegation(FROM, CUSTOMER, 3_262_000_000L, energy, false, false, soon, cap))
                .contains("the draft is from " + FROM + ", not the resource account " + resource);
        assertThat(delegation(resource, CUSTOMER, 3_262_000_000L, energy, true, false, soon, cap))
                .contains("the draft locks the delegation: it could not be taken back");
        assertThat(delegation(resource, CUSTOMER, 3_262_000_000L, Common.ResourceCode.BANDWIDTH, false, false, soon,
                              cap))
                .contains("the draft moves BANDWIDTH, not ENERGY");
        assertThat(delegation(resource, CUSTOMER, 20_000_000_001L, energy, false, false, soon, cap))
                .contains("the staked TRX asked for (20000000001 SUN) is more than the chain's max-delegation "
                          + "(20000000000 SUN)");
        // What was delegated is taken back whatever the cap is now; nothing is not a delegation.
        assertThat(delegation(resource, CUSTOMER, 20_000_000_001L, energy, false, true, soon, cap)).isEmpty();
        assertThat(delegation(resource, CUSTOMER, 0, energy, false, false, soon, cap))
                .contains("the draft moves no staked TRX");
        assertThat(delegation(resource, CUSTOMER, 3_262_000_000L, energy, false, false, NOW, cap))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not within 24 hours"));
        // A delegation is not its return, nor a TRX transfer either.
        assertThat(TronTransfers.delegationMismatch(new TransferDraft.Tron(TronDrafts.delegation(
                resource, CUSTOMER, 1_000_000, energy, false, false, soon)), resource, CUSTOMER, cap, true, NOW))
                .contains("the draft is not one UnDelegateResourceContract");
        assertThat(TronTransfers.delegationMismatch(new TransferDraft.Tron(TronDrafts.coins(
                resource, CUSTOMER, 1_000_000, soon)), resource, CUSTOMER, cap, false, NOW))
                .contains("the draft is not one DelegateResourceContract");
    }

    private static java.util.Optional<String> delegation(String owner, String receiver, long sun,
                                                         Common.ResourceCode resource, boolean lock,
                                                         boolean takenBack, Instant expiration, BigInteger cap) {
        String resourceAccount = KeyRing.address(Chain.TRON, KEYS.resourceAccount(Chain.TRON));
        return TronTransfers.delegationMismatch(new TransferDraft.Tron(TronDrafts.delegation(
                owner, receiver, sun, resource, lock, takenBack, expiration)), resourceAccount, CUSTOMER, cap,
                                                takenBack, NOW);
    }
}
