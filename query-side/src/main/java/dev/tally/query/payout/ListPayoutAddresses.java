package dev.tally.query.payout;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

/** The payout address of each chain that has one; answers a list of {@code PayoutAddressView}. */
public record ListPayoutAddresses(MerchantId merchantId, Mode mode) {
}
