package dev.tally.kernel.refund;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.TokenAmount;

import java.time.Instant;

/**
 * A refund as one step of its life left it. Every refund event carries it, so every reader (views, webhooks, audit)
 * copies it and none re-derives a status.
 *
 * @param unappliedShare the part of {@code amount} that is money which paid no invoice (see {@link RefundSplit})
 * @param claimId        the customer's claim link's secret ({@code /refund/{claimId}}), when the merchant gave no
 *                       address
 * @param claimExpiresAt when an unclaimed claim link is cancelled
 * @param address        where it is paid: given by the merchant, or claimed by the customer
 * @param autoApprove    whether an address claimed by the customer is paid without the merchant's approval
 * @param attempt        1 for the first transaction, one more for each retry after a failure
 * @param failureReason  why its last transaction failed, or why it was cancelled
 * @param networkFee     what the chain charged the hot wallet for its last transaction, once mined (confirmed or
 *                       reverted); null on the sandbox chain
 */
public record RefundState(RefundId refundId, InvoiceId invoiceId, MerchantId merchantId, Mode mode, Chain chain,
                          TokenAmount amount, TokenAmount feeReversed, TokenAmount merchantShare,
                          TokenAmount unappliedShare, String reason,
                          RefundStatus status, String claimId, Instant claimExpiresAt, String address,
                          boolean autoApprove, int attempt, String txHash, Long blockNumber, String failureReason,
                          Instant requestedAt, Instant updatedAt, NetworkFee networkFee) {

    public RefundState {
        mode = Mode.orLive(mode);
        unappliedShare = unappliedShare == null ? TokenAmount.zero(amount.asset()) : unappliedShare;
    }

    /** A refund whose transaction cost no recorded fee (yet). */
    public RefundState(RefundId refundId, InvoiceId invoiceId, MerchantId merchantId, Mode mode, Chain chain,
                       TokenAmount amount, TokenAmount feeReversed, TokenAmount merchantShare,
                       TokenAmount unappliedShare, String reason, RefundStatus status, String claimId,
                       Instant claimExpiresAt, String address, boolean autoApprove, int attempt, String txHash,
                       Long blockNumber, String failureReason, Instant requestedAt, Instant updatedAt) {
        this(refundId, invoiceId, merchantId, mode, chain, amount, feeReversed, merchantShare, unappliedShare, reason,
             status, claimId, claimExpiresAt, address, autoApprove, attempt, txHash, blockNumber, failureReason,
             requestedAt, updatedAt, null);
    }

    public RefundState moved(RefundStatus next, Instant at) {
        return new RefundState(refundId, invoiceId, merchantId, mode, chain, amount, feeReversed, merchantShare,
                               unappliedShare, reason, next, claimId, claimExpiresAt, address, autoApprove, attempt,
                               txHash, blockNumber, failureReason, requestedAt, at, networkFee);
    }

    public RefundState withAddress(String claimed) {
        return new RefundState(refundId, invoiceId, merchantId, mode, chain, amount, feeReversed, merchantShare,
                               unappliedShare, reason, status, claimId, claimExpiresAt, claimed, autoApprove, attempt,
                               txHash, blockNumber, failureReason, requestedAt, updatedAt, networkFee);
    }

    public RefundState withTransaction(String hash, Long block, String failure) {
        return new RefundState(refundId, invoiceId, merchantId, mode, chain, amount, feeReversed, merchantShare,
                               unappliedShare, reason, status, claimId, claimExpiresAt, address, autoApprove, attempt,
                               hash, block, failure, requestedAt, updatedAt, networkFee);
    }

    /** The next attempt after a failure: no transaction yet. */
    public RefundState nextAttempt() {
        return new RefundState(refundId, invoiceId, merchantId, mode, chain, amount, feeReversed, merchantShare,
                               unappliedShare, reason, status, claimId, claimExpiresAt, address, autoApprove,
                               attempt + 1, null, null, null, requestedAt, updatedAt, null);
    }

    /** What the chain charged for its transaction, once mined. */
    public RefundState withNetworkFee(NetworkFee fee) {
        return new RefundState(refundId, invoiceId, merchantId, mode, chain, amount, feeReversed, merchantShare,
                               unappliedShare, reason, status, claimId, claimExpiresAt, address, autoApprove, attempt,
                               txHash, blockNumber, failureReason, requestedAt, updatedAt, fee);
    }
}
