package dev.tally.kernel.refund;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A refund the invoice held will not be paid: its money can be refunded again. */
@Revision("1")
public record InvoiceRefundReleased(InvoiceId invoiceId, MerchantId merchantId, Mode mode, RefundId refundId,
                                    RefundSplit split, String reason, Instant at) {
}
