package dev.tally.query.refund;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;

/** One refund of the merchant in the mode: answers an {@code Optional<RefundView>}. */
public record FindRefund(MerchantId merchantId, RefundId refundId, Mode mode) {
}
