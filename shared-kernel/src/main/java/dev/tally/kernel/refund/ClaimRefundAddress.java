package dev.tally.kernel.refund;

import dev.tally.kernel.ids.RefundId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The customer gives the address to refund to, on the claim link {@code claimId}. */
public record ClaimRefundAddress(@TargetAggregateIdentifier RefundId refundId, String claimId, String address) {
}
