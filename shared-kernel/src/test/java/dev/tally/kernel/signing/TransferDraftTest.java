package dev.tally.kernel.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

/** The one rule of what replaces a stuck EVM transaction: its nonce, chain and gas limit, both fees up 10 % or more. */
class TransferDraftTest {
    private static final TransferDraft.Evm STUCK = evm(7, 15, 205);

    private static TransferDraft.Evm evm(long nonce, long tip, long cap) {
        return new TransferDraft.Evm(31337, BigInteger.valueOf(nonce), BigInteger.valueOf(120_000),
                                     BigInteger.valueOf(tip), BigInteger.valueOf(cap));
    }

    @Test
    void aReplacementPaysTheHigherOfTheChainsFeesAndItsOwnRaisedByTenPerCentRoundedUp() {
        // 15 and 205 raised by 10 % are 16.5 and 225.5: 17 and 226, above what the chain asks now.
        assertThat(STUCK.replacedAt(evm(9, 2, 100))).isEqualTo(evm(7, 17, 226));
        // The chain asks more now: that, with the stuck one's nonce.
        assertThat(STUCK.replacedAt(evm(9, 30, 900))).isEqualTo(evm(7, 30, 900));
        assertThat(STUCK.replacedAt(evm(9, 2, 100)).replaces(STUCK)).isTrue();
    }

    /** Prevents: a "replacement" that is a second transaction (another nonce), or one no node would take. */
    @Test
    void onlyTheSameNonceChainAndGasWithBothFeesRaisedEnoughReplace() {
        assertThat(evm(7, 17, 226).replaces(STUCK)).isTrue();
        assertThat(evm(7, 16, 226).replaces(STUCK)).isFalse(); // the tip up 6.7 % only
        assertThat(evm(7, 17, 225).replaces(STUCK)).isFalse(); // the fee cap up 9.8 % only
        assertThat(evm(8, 17, 226).replaces(STUCK)).isFalse();
        assertThat(new TransferDraft.Evm(1, BigInteger.valueOf(7), BigInteger.valueOf(120_000),
                                         BigInteger.valueOf(17), BigInteger.valueOf(226)).replaces(STUCK)).isFalse();
        assertThat(new TransferDraft.Evm(31337, BigInteger.valueOf(7), BigInteger.valueOf(200_000),
                                         BigInteger.valueOf(17), BigInteger.valueOf(226)).replaces(STUCK)).isFalse();
    }
}
