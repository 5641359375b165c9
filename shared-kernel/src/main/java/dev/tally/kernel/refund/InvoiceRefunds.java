package dev.tally.kernel.refund;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one invoice can refund, and the one place that says how much and who gives it back. A pure value: each method
 * returns the next one. An invoice refunds two kinds of money, once final on chain (a reorg can no longer take it):
 * <ul>
 *     <li>its <b>unapplied funds</b>, money that paid no invoice (late, after a cancel, on top of a paid invoice, of
 *     an invoice that expired underpaid): never revenue, refunded whole. A refund takes from them first, and takes
 *     no settled money while some of them are not final yet;</li>
 *     <li>its <b>settled money</b>, at most the settlement's {@code gross} in any number of refunds. The platform gives
 *     its fee back pro rata: after settled refunds totalling {@code r}, the fee given back is
 *     {@code floor(fee × r / gross)} (never less than what earlier refunds gave back), and each refund's
 *     {@code feeReversed} is the step it adds, kept within what is left of the fee and of the merchant's net. So
 *     rounding never drifts over partial refunds, and a full refund gives back the whole fee and takes exactly the net
 *     from the merchant.</li>
 * </ul>
 * A refund released (cancelled) gives its split back.
 */
public record InvoiceRefunds(Asset asset, TokenAmount unappliedFinal, TokenAmount unappliedRefunded,
                             SettlementId settlementId, TokenAmount gross, TokenAmount fee, boolean settledFinal,
                             TokenAmount refunded, TokenAmount feeReversed, Map<String, RefundSplit> held) {
    public InvoiceRefunds {
        held = Collections.unmodifiableMap(new LinkedHashMap<>(held));
    }

    /** An invoice that holds nothing refundable yet. */
    public static InvoiceRefunds none(Asset asset) {
        TokenAmount zero = TokenAmount.zero(asset);
        return new InvoiceRefunds(asset, zero, zero, null, zero, zero, false, zero, zero, Map.of());
    }

    /** A payment that pays no invoice is final on chain: refundable. */
    public InvoiceRefunds unappliedFinal(TokenAmount amount) {
        return new InvoiceRefunds(asset, unappliedFinal.plus(amount), unappliedRefunded, settlementId, gross, fee,
                                  settledFinal, refunded, feeReversed, held);
    }

    /** The invoice's settlement: {@code gross} split into {@code fee} and the merchant's net; not final yet. */
    public InvoiceRefunds settled(SettlementId settlement, TokenAmount settledGross, TokenAmount settledFee) {
        return new InvoiceRefunds(asset, unappliedFinal, unappliedRefunded, settlement, settledGross, settledFee,
                                  false, refunded, feeReversed, held);
    }

    /** The settled money is final on chain: refundable. */
    public InvoiceRefunds settlementFinal() {
        return new InvoiceRefunds(asset, unappliedFinal, unappliedRefunded, settlementId, gross, fee, true, refunded,
                                  feeReversed, held);
    }

    /** What may be refunded now. */
    public TokenAmount refundable() {
        TokenAmount unapplied = unappliedFinal.minus(unappliedRefunded);
        return settledFinal ? unapplied.plus(gross.minus(refunded)) : unapplied;
    }

    /**
     * @param unappliedNotFinal unapplied funds the chain has not made final yet: they are refunded first once final,
     *                          so while there are any, no settled money is refunded in their place
     * @throws DomainException (rule violation) for a zero amount, or one above what may be refunded now
     */
    public RefundSplit split(TokenAmount amount, TokenAmount unappliedNotFinal) {
        if (amount.isZero()) {
            throw DomainException.ruleViolation("amount must be greater than zero");
        }
        if (amount.asset() != asset) {
            throw DomainException.ruleViolation("the invoice was paid in " + asset.code());
        }
        TokenAmount unappliedLeft = unappliedFinal.minus(unappliedRefunded);
        TokenAmount fromUnapplied = unappliedLeft.isLessThan(amount) ? unappliedLeft : amount;
        TokenAmount rest = amount.minus(fromUnapplied);
        if (rest.isZero()) {
            return new RefundSplit(amount, TokenAmount.zero(asset), TokenAmount.zero(asset), fromUnapplied);
        }
        String now = refundable().toDecimalString() + " " + asset.code() + " can be refunded now, "
                     + amount.toDecimalString() + " requested";
        if (!unappliedNotFinal.isZero()) {
            throw DomainException.ruleViolation(unappliedNotFinal.toDecimalString() + " " + asset.code() + " that "
                                                + "paid no invoice is not final on chain yet: it is refunded first, "
                                                + "once final; " + now);
        }
        if (settlementId == null) {
            throw DomainException.ruleViolation("only a settled invoice's money, and money that paid no invoice "
                                                + "(unapplied funds), can be refunded, once final on chain: " + now);
        }
        if (!settledFinal) {
            throw DomainException.ruleViolation("the invoice's settled money is not final on chain yet: it can be "
                                                + "refunded once it is; " + now);
        }
        if (gross.minus(refunded).isLessThan(rest)) {
            throw DomainException.ruleViolation("the refund exceeds what the invoice can still refund: " + now
                                                + " (" + unappliedFinal.plus(gross).toDecimalString() + " received)");
        }
        long target = BigInteger.valueOf(fee.baseUnits())
                                .multiply(BigInteger.valueOf(refunded.plus(rest).baseUnits()))
                                .divide(BigInteger.valueOf(gross.baseUnits())).longValueExact();
        // Bounded so that neither side ever gives back more than it received: the fee given back stays within the fee,
        // the merchant's shares within its net (releases can leave the running total off the pro-rata line).
        long feeLeft = fee.baseUnits() - feeReversed.baseUnits();
        long netLeft = gross.minus(fee).baseUnits() - refunded.minus(feeReversed).baseUnits();
        long lowest = Math.max(0, rest.baseUnits() - netLeft);
        long highest = Math.min(rest.baseUnits(), feeLeft);
        long step = Math.min(Math.max(target - feeReversed.baseUnits(), lowest), highest);
        TokenAmount feeShare = TokenAmount.ofBaseUnits(asset, step);
        return new RefundSplit(amount, feeShare, rest.minus(feeShare), fromUnapplied);
    }

    public InvoiceRefunds hold(String refundId, RefundSplit split) {
        Map<String, RefundSplit> next = new LinkedHashMap<>(held);
        next.put(refundId, split);
        TokenAmount settledPart = split.amount().minus(split.unappliedShare());
        return new InvoiceRefunds(asset, unappliedFinal, unappliedRefunded.plus(split.unappliedShare()), settlementId,
                                  gross, fee, settledFinal, refunded.plus(settledPart),
                                  feeReversed.plus(split.feeReversed()), next);
    }

    public InvoiceRefunds release(String refundId) {
        RefundSplit split = held.get(refundId);
        if (split == null) {
            return this;
        }
        Map<String, RefundSplit> next = new LinkedHashMap<>(held);
        next.remove(refundId);
        TokenAmount settledPart = split.amount().minus(split.unappliedShare());
        return new InvoiceRefunds(asset, unappliedFinal, unappliedRefunded.minus(split.unappliedShare()),
                                  settlementId, gross, fee, settledFinal, refunded.minus(settledPart),
                                  feeReversed.minus(split.feeReversed()), next);
    }
}
