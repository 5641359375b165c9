package dev.tally.kernel.refund;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The merchant has a failed refund paid again, by a new transaction. */
public record RetryRefund(@TargetAggregateIdentifier RefundId refundId, MerchantId merchantId, Mode mode) {
}
