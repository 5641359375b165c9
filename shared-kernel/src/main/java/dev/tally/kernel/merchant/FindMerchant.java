package dev.tally.kernel.merchant;

import dev.tally.kernel.ids.MerchantId;

/** Answers {@link MerchantView}, or nothing when no such merchant is registered. */
public record FindMerchant(MerchantId merchantId) {
}
