package dev.tally.kernel.refund;

import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.money.NetworkFee;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The refund's attempt failed: its transaction {@code txHash} reverted on chain (then {@code networkFee} is what it
 * cost), or never made it.
 */
public record FailRefund(@TargetAggregateIdentifier RefundId refundId, String txHash, String reason, Instant at,
                         NetworkFee networkFee) {
    /** A failure that cost no fee: nothing mined, or the sandbox chain. */
    public FailRefund(RefundId refundId, String txHash, String reason, Instant at) {
        this(refundId, txHash, reason, at, null);
    }
}
