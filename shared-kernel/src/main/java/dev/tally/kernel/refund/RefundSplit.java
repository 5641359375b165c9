package dev.tally.kernel.refund;

import dev.tally.kernel.money.TokenAmount;

import java.util.Objects;

/**
 * What a refund takes from where: the customer gets {@code amount}, of which {@code unappliedShare} is money that paid
 * no invoice (the merchant's unapplied funds, never revenue), {@code feeReversed} the platform's fee given back and
 * {@code merchantShare} comes out of the merchant's balance. Always
 * {@code amount = unappliedShare + feeReversed + merchantShare}.
 */
public record RefundSplit(TokenAmount amount, TokenAmount feeReversed, TokenAmount merchantShare,
                          TokenAmount unappliedShare) {
    public RefundSplit {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(feeReversed, "feeReversed");
        Objects.requireNonNull(merchantShare, "merchantShare");
        unappliedShare = unappliedShare == null ? TokenAmount.zero(amount.asset()) : unappliedShare;
        if (!unappliedShare.plus(feeReversed).plus(merchantShare).equals(amount)) {
            throw new IllegalArgumentException("a refund's parts must add up to its amount");
        }
    }

    /** A refund of settled money only. */
    public RefundSplit(TokenAmount amount, TokenAmount feeReversed, TokenAmount merchantShare) {
        this(amount, feeReversed, merchantShare, null);
    }
}
