package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;

import java.util.Objects;

/** One merchant's balances per asset. Answers {@link MerchantBalances}. */
public record FindMerchantBalances(MerchantId merchantId) {
    public FindMerchantBalances {
        Objects.requireNonNull(merchantId, "merchantId");
    }
}
