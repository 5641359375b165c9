package dev.tally.kernel.refund;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The merchant cancels a refund not yet on its way (or failed): its money is the invoice's again. */
public record CancelRefund(@TargetAggregateIdentifier RefundId refundId, MerchantId merchantId, Mode mode,
                           String reason) {
}
