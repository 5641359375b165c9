package dev.tally.kernel.refund;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.TokenAmount;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The refunds of one invoice's settled money, and the one place that says how much may be refunded and who gives it
 * back. A pure value: each method returns the next one.
 *
 * <p>At most the settlement's {@code gross} is refunded, in any number of refunds. The platform gives its fee back
 * pro rata: after refunds totalling {@code r}, the fee given back is {@code floor(fee × r / gross)} (never less than
 * what earlier refunds gave back), and each refund's {@code feeReversed} is the step it adds, kept within what is left
 * of the fee and of the merchant's net. So rounding never drifts over partial refunds, and a full refund gives back the
 * whole fee and takes exactly the net from the merchant.
 * A refund released (cancelled) gives its split back.
 */
public record InvoiceRefunds(SettlementId settlementId, TokenAmount gross, TokenAmount fee, TokenAmount refunded,
                             TokenAmount feeReversed, Map<String, RefundSplit> held) {
    public InvoiceRefunds {
        Objects.requireNonNull(settlementId, "settlementId");
        held = Collections.unmodifiableMap(new LinkedHashMap<>(held));
    }

    /** A settlement's money, nothing refunded yet. */
    public static InvoiceRefunds settled(SettlementId settlementId, TokenAmount gross, TokenAmount fee) {
        TokenAmount zero = TokenAmount.zero(gross.asset());
        return new InvoiceRefunds(settlementId, gross, fee, zero, zero, Map.of());
    }

    /** What may still be refunded. */
    public TokenAmount refundable() {
        return gross.minus(refunded);
    }

    /**
     * @throws DomainException (rule violation) for a zero amount or one above what may still be refunded
     */
    public RefundSplit split(TokenAmount amount) {
        if (amount.isZero()) {
            throw DomainException.ruleViolation("amount must be greater than zero");
        }
        if (amount.asset() != gross.asset()) {
            throw DomainException.ruleViolation("the invoice was paid in " + gross.asset().code());
        }
        if (refundable().isLessThan(amount)) {
            throw DomainException.ruleViolation("the refund exceeds what the invoice can still refund: "
                                                + refundable().toDecimalString() + " " + gross.asset().code()
                                                + " of " + gross.toDecimalString() + " paid, "
                                                + amount.toDecimalString() + " requested");
        }
        long target = BigInteger.valueOf(fee.baseUnits())
                                .multiply(BigInteger.valueOf(refunded.plus(amount).baseUnits()))
                                .divide(BigInteger.valueOf(gross.baseUnits())).longValueExact();
        // Bounded so that neither side ever gives back more than it received: the fee given back stays within the fee,
        // the merchant's shares within its net (releases can leave the running total off the pro-rata line).
        long feeLeft = fee.baseUnits() - feeReversed.baseUnits();
        long netLeft = gross.minus(fee).baseUnits() - refunded.minus(feeReversed).baseUnits();
        long lowest = Math.max(0, amount.baseUnits() - netLeft);
        long highest = Math.min(amount.baseUnits(), feeLeft);
        long step = Math.min(Math.max(target - feeReversed.baseUnits(), lowest), highest);
        TokenAmount feeShare = TokenAmount.ofBaseUnits(amount.asset(), step);
        return new RefundSplit(amount, feeShare, amount.minus(feeShare));
    }

    public InvoiceRefunds hold(String refundId, RefundSplit split) {
        Map<String, RefundSplit> next = new LinkedHashMap<>(held);
        next.put(refundId, split);
        return new InvoiceRefunds(settlementId, gross, fee, refunded.plus(split.amount()),
                                  feeReversed.plus(split.feeReversed()), next);
    }

    public InvoiceRefunds release(String refundId) {
        RefundSplit split = held.get(refundId);
        if (split == null) {
            return this;
        }
        Map<String, RefundSplit> next = new LinkedHashMap<>(held);
        next.remove(refundId);
        return new InvoiceRefunds(settlementId, gross, fee, refunded.minus(split.amount()),
                                  feeReversed.minus(split.feeReversed()), next);
    }
}
