package dev.tally.kernel.refund;

import dev.tally.kernel.money.TokenAmount;

import java.util.Objects;

/**
 * What a refund of settled money takes from whom: the customer gets {@code amount}, of which {@code feeReversed} is
 * the platform's fee given back and {@code merchantShare} comes out of the merchant's balance. Always
 * {@code amount = feeReversed + merchantShare}.
 */
public record RefundSplit(TokenAmount amount, TokenAmount feeReversed, TokenAmount merchantShare) {
    public RefundSplit {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(feeReversed, "feeReversed");
        Objects.requireNonNull(merchantShare, "merchantShare");
        if (!feeReversed.plus(merchantShare).equals(amount)) {
            throw new IllegalArgumentException("a refund's fee and merchant share must add up to its amount");
        }
    }
}
