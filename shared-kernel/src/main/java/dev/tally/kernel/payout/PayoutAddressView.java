package dev.tally.kernel.payout;

import java.time.Instant;

/**
 * A merchant's payout address on a chain: {@code address} takes effect at {@code effectiveAt}; until then payouts
 * go to {@code previous} (null for a first address, which takes effect at once).
 */
public record PayoutAddressView(String chain, String address, String previous, Instant requestedAt,
                                Instant effectiveAt, boolean livemode) {
}
