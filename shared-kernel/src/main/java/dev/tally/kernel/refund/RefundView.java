package dev.tally.kernel.refund;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.NetworkFee;

import java.time.Instant;

/**
 * A refund as the API shows it, to its merchant: amounts as exact decimal strings ({@code amount} =
 * {@code fromUnapplied} + {@code feeReversed} + {@code merchantShare}); {@code claimUrl} is the customer's claim link
 * (a path on Tally's host) while an address is awaited; {@code networkFee} what the chain charged for its transaction
 * once mined (live refunds), else null.
 */
public record RefundView(String id, String invoiceId, String chain, Asset asset, String amount, String feeReversed,
                         String merchantShare, String fromUnapplied, String reason, RefundStatus status,
                         String address, String claimUrl,
                         Instant claimExpiresAt, boolean autoApprove, int attempt, String txHash, Long blockNumber,
                         String failureReason, Instant createdAt, Instant updatedAt, boolean livemode,
                         NetworkFee networkFee) {

    public static RefundView of(RefundState s) {
        return new RefundView(s.refundId().value(), s.invoiceId().value(), s.chain().code(), s.amount().asset(),
                              s.amount().toDecimalString(), s.feeReversed().toDecimalString(),
                              s.merchantShare().toDecimalString(), s.unappliedShare().toDecimalString(), s.reason(),
                              s.status(), s.address(),
                              s.claimId() == null ? null : claimPath(s.claimId()), s.claimExpiresAt(),
                              s.autoApprove(), s.attempt(), s.txHash(), s.blockNumber(), s.failureReason(),
                              s.requestedAt(), s.updatedAt(), s.mode().live(), s.networkFee());
    }

    /** A refund just requested: what its request says, before its own aggregate exists. */
    public static RefundView requested(InvoiceRefundRequested r) {
        RefundSplit split = r.split();
        return new RefundView(r.refundId().value(), r.invoiceId().value(), r.chain().code(), split.amount().asset(),
                              split.amount().toDecimalString(), split.feeReversed().toDecimalString(),
                              split.merchantShare().toDecimalString(), split.unappliedShare().toDecimalString(),
                              r.reason(),
                              r.address() == null ? RefundStatus.AWAITING_ADDRESS : RefundStatus.APPROVED,
                              r.address(), r.claimId() == null ? null : claimPath(r.claimId()), r.claimExpiresAt(),
                              r.autoApprove(), 1, null, null, null, r.at(), r.at(), r.mode().live(), null);
    }

    /** The customer's claim page. */
    public static String claimPath(String claimId) {
        return "/refund/" + claimId;
    }
}
