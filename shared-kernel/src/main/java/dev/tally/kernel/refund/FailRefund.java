package dev.tally.kernel.refund;

import dev.tally.kernel.ids.RefundId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The refund's transaction {@code txHash} reverted on chain. */
public record FailRefund(@TargetAggregateIdentifier RefundId refundId, String txHash, String reason, Instant at) {
}
