package dev.tally.kernel.refund;

import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.money.NetworkFee;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The refund's transaction {@code txHash} is final on chain in block {@code blockNumber}. */
public record ConfirmRefund(@TargetAggregateIdentifier RefundId refundId, String txHash, long blockNumber,
                            Instant at, NetworkFee networkFee) {
    /** Where the chain's fee is not Tally's to pay (the sandbox chain). */
    public ConfirmRefund(RefundId refundId, String txHash, long blockNumber, Instant at) {
        this(refundId, txHash, blockNumber, at, null);
    }
}
