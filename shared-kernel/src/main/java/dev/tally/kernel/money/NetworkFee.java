package dev.tally.kernel.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * What a chain charged the hot wallet for one transaction, in the chain's own coin (not the token it moved): an exact
 * decimal string, never rounded. EVM: gas used times the effective gas price, in ether. Tron: the TRX burned for the
 * energy and bandwidth the account's own or delegated resources did not cover.
 *
 * @param coin   {@code ETH} (EVM chains), {@code TRX} (Tron)
 * @param amount an exact decimal string, e.g. {@code 0.000063128}
 */
public record NetworkFee(String coin, String amount) {
    /** An ether amount has 18 decimals (wei). */
    private static final int ETHER_DECIMALS = 18;
    /** A TRX amount has 6 decimals (SUN). */
    private static final int TRX_DECIMALS = 6;

    public NetworkFee {
        Objects.requireNonNull(coin, "coin");
        Objects.requireNonNull(amount, "amount");
    }

    /** The fee of an EVM transaction: {@code gasUsed × effectiveGasPrice} wei, in ether. */
    public static NetworkFee evm(BigInteger gasUsed, BigInteger effectiveGasPrice) {
        BigInteger wei = gasUsed.multiply(effectiveGasPrice);
        if (wei.signum() < 0) {
            throw new IllegalArgumentException("a fee is never negative: " + wei + " wei");
        }
        return new NetworkFee("ETH", new BigDecimal(wei, ETHER_DECIMALS).stripTrailingZeros().toPlainString());
    }

    /** The fee of a Tron transaction: the SUN it burned, in TRX. */
    public static NetworkFee tron(long sun) {
        if (sun < 0) {
            throw new IllegalArgumentException("a fee is never negative: " + sun + " SUN");
        }
        return new NetworkFee("TRX", BigDecimal.valueOf(sun, TRX_DECIMALS).stripTrailingZeros().toPlainString());
    }
}
