package dev.tally.kernel.settlement;

import dev.tally.kernel.money.TokenAmount;

import java.math.BigInteger;

/**
 * The platform fee: gross × rate, rounded half-up to {@code feeScale} decimals of the token (2 = the
 * cent), never more than the gross; the net is the rest, so gross = fee + net exactly. 9.99 USDT at 100 bps (1 %)
 * → fee 0.10, net 9.89.
 */
public final class FeePolicy {
    public static final int BASIS_POINTS_PER_WHOLE = 10_000;

    private FeePolicy() {
    }

    public static FeeSplit split(TokenAmount gross, int feeBasisPoints, int feeScale) {
        if (feeBasisPoints < 0 || feeBasisPoints > BASIS_POINTS_PER_WHOLE) {
            throw new IllegalArgumentException("fee rate must be 0 to 10000 basis points: " + feeBasisPoints);
        }
        int decimals = gross.asset().decimals();
        if (feeScale < 0 || feeScale > decimals) {
            throw new IllegalArgumentException("fee scale must be 0 to " + decimals + ": " + feeScale);
        }
        // One unit of the fee's scale, in base units (scale 2 of a 6-decimal token: 10 000 base units = 0.01).
        BigInteger unit = BigInteger.TEN.pow(decimals - feeScale);
        BigInteger numerator = BigInteger.valueOf(gross.baseUnits()).multiply(BigInteger.valueOf(feeBasisPoints));
        BigInteger denominator = BigInteger.valueOf(BASIS_POINTS_PER_WHOLE).multiply(unit);
        BigInteger[] quotientAndRemainder = numerator.divideAndRemainder(denominator);
        BigInteger units = quotientAndRemainder[0];
        if (quotientAndRemainder[1].shiftLeft(1).compareTo(denominator) >= 0) {
            units = units.add(BigInteger.ONE); // half-up
        }
        long feeUnits = Math.min(units.multiply(unit).longValueExact(), gross.baseUnits());
        TokenAmount fee = TokenAmount.ofBaseUnits(gross.asset(), feeUnits);
        return new FeeSplit(gross, fee, gross.minus(fee));
    }
}
