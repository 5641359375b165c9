package dev.tally.query.attention;

import dev.tally.kernel.ids.MerchantId;

/** The open attention items of a merchant, oldest first, at most {@code limit}. */
public record ListOpenAttention(MerchantId merchantId, int limit) {
}
