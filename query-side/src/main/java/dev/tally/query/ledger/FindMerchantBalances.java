package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

import java.util.Objects;

/** One merchant's balances per asset, in one mode's books. Answers {@link MerchantBalances}. */
public record FindMerchantBalances(MerchantId merchantId, Mode mode) {
    public FindMerchantBalances {
        Objects.requireNonNull(merchantId, "merchantId");
        mode = Mode.orLive(mode);
    }

    /** The live books'. */
    public FindMerchantBalances(MerchantId merchantId) {
        this(merchantId, Mode.LIVE);
    }
}
