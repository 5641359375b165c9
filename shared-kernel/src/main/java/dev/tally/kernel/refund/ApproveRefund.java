package dev.tally.kernel.refund;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The merchant approves paying the address the customer claimed. */
public record ApproveRefund(@TargetAggregateIdentifier RefundId refundId, MerchantId merchantId, Mode mode) {
}
