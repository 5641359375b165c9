package dev.tally.kernel.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of a token as an integer count of its base units (USDT: 1 unit = 0.000001).
 * All arithmetic is exact; an overflow throws rather than wraps.
 */
public record TokenAmount(Asset asset, long baseUnits) implements Comparable<TokenAmount> {

    /** Plain decimal notation only: no sign, no exponent, no grouping. */
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,30}(\\.\\d{1,30})?");

    public TokenAmount {
        Objects.requireNonNull(asset, "asset");
        if (baseUnits < 0) {
            throw new IllegalArgumentException("a token amount cannot be negative: " + baseUnits);
        }
    }

    public static TokenAmount zero(Asset asset) {
        return new TokenAmount(asset, 0);
    }

    public static TokenAmount ofBaseUnits(Asset asset, long baseUnits) {
        return new TokenAmount(asset, baseUnits);
    }

    /**
     * Parses a client's decimal string such as {@code "12.50"}.
     *
     * @throws InvalidAmountException with a message fit for the client when the text is not a plain
     *                                non-negative decimal with at most the asset's decimals
     */
    public static TokenAmount parse(String text, Asset asset) {
        Objects.requireNonNull(asset, "asset");
        if (text == null || text.isBlank()) {
            throw new InvalidAmountException("amount is required");
        }
        String trimmed = text.trim();
        if (!DECIMAL.matcher(trimmed).matches()) {
            throw new InvalidAmountException(
                    "amount must be a plain decimal number such as \"12.50\" (no sign, exponent or separators)");
        }
        BigDecimal value = new BigDecimal(trimmed);
        if (value.stripTrailingZeros().scale() > asset.decimals()) {
            throw new InvalidAmountException(
                    "amount has more than " + asset.decimals() + " decimal places, the precision of " + asset.code());
        }
        BigInteger units = value.movePointRight(asset.decimals()).toBigIntegerExact();
        if (units.bitLength() > 63) {
            throw new InvalidAmountException("amount is too large");
        }
        return new TokenAmount(asset, units.longValueExact());
    }

    public TokenAmount plus(TokenAmount other) {
        requireSameAsset(other);
        return new TokenAmount(asset, Math.addExact(baseUnits, other.baseUnits));
    }

    public TokenAmount minus(TokenAmount other) {
        requireSameAsset(other);
        return new TokenAmount(asset, Math.subtractExact(baseUnits, other.baseUnits));
    }

    public boolean isZero() {
        return baseUnits == 0;
    }

    public boolean isLessThan(TokenAmount other) {
        return compareTo(other) < 0;
    }

    public boolean isGreaterThan(TokenAmount other) {
        return compareTo(other) > 0;
    }

    /** The amount in whole tokens, exactly (scale = the asset's decimals). */
    public BigDecimal toDecimal() {
        return BigDecimal.valueOf(baseUnits, asset.decimals());
    }

    /** Decimal text without superfluous trailing zeros but with at least two decimals: "12.50", "0.000001". */
    public String toDecimalString() {
        BigDecimal value = toDecimal().stripTrailingZeros();
        if (value.scale() < 2) {
            value = value.setScale(2);
        }
        return value.toPlainString();
    }

    @Override
    public int compareTo(TokenAmount other) {
        requireSameAsset(other);
        return Long.compare(baseUnits, other.baseUnits);
    }

    private void requireSameAsset(TokenAmount other) {
        if (other.asset != asset) {
            throw new IllegalArgumentException("cannot combine " + asset + " with " + other.asset);
        }
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + asset.code();
    }
}
