package dev.tally.kernel.refund;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The invoice holds {@code split.amount()} of its money for a refund; {@code split} says what comes from its unapplied
 * funds, the platform's fee and the merchant's balance. {@code settlementId}: the settlement whose money it refunds
 * (null when it refunds unapplied funds only). {@code address} is null when the customer is to claim it.
 */
@Revision("1")
public record InvoiceRefundRequested(InvoiceId invoiceId, MerchantId merchantId, Mode mode, RefundId refundId,
                                     SettlementId settlementId, Chain chain, RefundSplit split, String address,
                                     String claimId, Instant claimExpiresAt, boolean autoApprove, String reason,
                                     Instant at) {
}
