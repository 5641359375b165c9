package dev.tally.query.payout;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;

/** One payout of one merchant in one mode; answers a {@code PayoutView}, or nothing (unknown, another's). */
public record FindPayout(MerchantId merchantId, PayoutId payoutId, Mode mode) {
}
