package dev.tally.kernel.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

class NetworkFeeTest {

    @Test
    void anEvmFeeIsGasUsedTimesItsPriceInEtherExactly() {
        // 63 128 gas at 21.000000007 gwei: 0.001325688000441896 ether, every wei of it.
        NetworkFee fee = NetworkFee.evm(BigInteger.valueOf(63_128), BigInteger.valueOf(21_000_000_007L));

        assertThat(fee).isEqualTo(new NetworkFee("ETH", "0.001325688000441896"));
        assertThat(NetworkFee.evm(BigInteger.valueOf(21_000), BigInteger.valueOf(1_000_000_000L)).amount())
                .isEqualTo("0.000021");
        assertThat(NetworkFee.evm(BigInteger.ZERO, BigInteger.TEN).amount()).isEqualTo("0");
        // Beyond what a long holds in wei: still exact.
        assertThat(NetworkFee.evm(BigInteger.valueOf(30_000_000), new BigInteger("1000000000000")).amount())
                .isEqualTo("30");
    }

    @Test
    void aFeeIsNeverNegative() {
        assertThatThrownBy(() -> NetworkFee.evm(BigInteger.valueOf(-1), BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
