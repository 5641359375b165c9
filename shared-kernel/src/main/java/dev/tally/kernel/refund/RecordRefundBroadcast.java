package dev.tally.kernel.refund;

import dev.tally.kernel.ids.RefundId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The transaction of the refund's {@code attempt} was stored and handed to the chain as {@code txHash}. */
public record RecordRefundBroadcast(@TargetAggregateIdentifier RefundId refundId, int attempt, String txHash,
                                    Instant at) {
}
