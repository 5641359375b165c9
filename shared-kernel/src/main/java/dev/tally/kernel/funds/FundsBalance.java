package dev.tally.kernel.funds;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;

import java.util.Objects;

/**
 * A merchant's money of one asset as money out sees it, and the one place that says how it moves. Every amount is
 * never negative, and each move keeps {@code pending + available + reserved} equal to what was credited and not yet
 * paid out or reversed:
 * <ul>
 *     <li>{@link #credit}: a settlement's net, settled but not yet final on chain, is <b>pending</b>;</li>
 *     <li>{@link #makeFinal}: its payments are final, so it becomes <b>available</b>, the only money a payout may
 *     take;</li>
 *     <li>{@link #reverse}: a reorg took a pending credit back;</li>
 *     <li>{@link #reserve}: a payout holds part of the available money as <b>reserved</b>, only if available covers
 *     it (phase one of a two-phase transfer);</li>
 *     <li>{@link #post}: the payout is confirmed on chain: the reserved money is gone (phase two);</li>
 *     <li>{@link #release}: the payout failed: the reserved money is available again (phase two, voided).</li>
 * </ul>
 */
public record FundsBalance(TokenAmount pending, TokenAmount available, TokenAmount reserved) {

    public FundsBalance {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(available, "available");
        Objects.requireNonNull(reserved, "reserved");
        if (pending.asset() != available.asset() || pending.asset() != reserved.asset()) {
            throw new IllegalArgumentException("a balance holds one asset");
        }
    }

    public static FundsBalance zero(Asset asset) {
        TokenAmount zero = TokenAmount.zero(asset);
        return new FundsBalance(zero, zero, zero);
    }

    public Asset asset() {
        return pending.asset();
    }

    public FundsBalance credit(TokenAmount net) {
        return new FundsBalance(pending.plus(net), available, reserved);
    }

    public FundsBalance makeFinal(TokenAmount net) {
        return new FundsBalance(pending.minus(net), available.plus(net), reserved);
    }

    public FundsBalance reverse(TokenAmount net) {
        return new FundsBalance(pending.minus(net), available, reserved);
    }

    /**
     * Reserves a payout's {@code amount} and the network {@code fee} charged to the merchant on top of it.
     *
     * @throws DomainException (rule violation) when the available balance does not cover both
     */
    public FundsBalance reserve(TokenAmount amount, TokenAmount fee) {
        if (fee.isZero()) {
            return reserve(amount);
        }
        if (amount.isZero()) {
            throw DomainException.ruleViolation("amount must be greater than zero");
        }
        TokenAmount charged = amount.plus(fee);
        if (available.isLessThan(charged)) {
            throw DomainException.ruleViolation("insufficient available balance: " + available.toDecimalString() + " "
                                                + asset().code() + " available (final on chain, not reserved), "
                                                + charged.toDecimalString() + " needed (" + amount.toDecimalString()
                                                + " requested and a network fee of " + fee.toDecimalString() + ")");
        }
        return new FundsBalance(pending, available.minus(charged), reserved.plus(charged));
    }

    /**
     * @throws DomainException (rule violation) when the available balance does not cover {@code amount}
     */
    public FundsBalance reserve(TokenAmount amount) {
        if (amount.isZero()) {
            throw DomainException.ruleViolation("amount must be greater than zero");
        }
        if (available.isLessThan(amount)) {
            throw DomainException.ruleViolation("insufficient available balance: " + available.toDecimalString() + " "
                                                + asset().code() + " available (final on chain, not reserved), "
                                                + amount.toDecimalString() + " requested");
        }
        return new FundsBalance(pending, available.minus(amount), reserved.plus(amount));
    }

    public FundsBalance post(TokenAmount amount) {
        return new FundsBalance(pending, available, reserved.minus(amount));
    }

    public FundsBalance release(TokenAmount amount) {
        return new FundsBalance(pending, available.plus(amount), reserved.minus(amount));
    }
}
