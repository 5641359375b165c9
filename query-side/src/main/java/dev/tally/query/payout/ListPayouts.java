package dev.tally.query.payout;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

/** A page of one merchant's payouts of one mode, newest first, with its balances; answers {@link PayoutPage}. */
public record ListPayouts(MerchantId merchantId, Mode mode, int limit, String cursor) {
    public static final int LIMIT_DEFAULT = 20;
    public static final int LIMIT_MAX = 100;
}
