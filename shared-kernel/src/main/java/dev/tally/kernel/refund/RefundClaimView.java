package dev.tally.kernel.refund;

import java.time.Instant;

/**
 * What the customer sees on a refund's claim link: the amount and chain, where it stands, and until when an address
 * can be given. Nothing about the merchant's balance or fee.
 */
public record RefundClaimView(String refundId, String invoiceId, String merchantName, String chain, String asset,
                              String amount, RefundStatus status, String address, String txHash,
                              Instant claimExpiresAt, boolean livemode) {
}
