package dev.tally.query.payout;

import dev.tally.kernel.money.Asset;

/**
 * What a merchant's money of one asset is to money out, as exact decimal strings: {@code pending} (settled, its
 * payments not yet final), {@code available} (final, not reserved: what a payout may take), {@code reserved}
 * (held by payouts not yet confirmed).
 */
public record FundsBalanceView(Asset asset, String pending, String available, String reserved) {
}
