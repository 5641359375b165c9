package dev.tally.query.ledger;

import dev.tally.kernel.money.Asset;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * Confirmed money of a payment that pays no invoice: the merchant's, to refund or apply; never revenue. What refunds
 * gave back of it is {@code refunded}: the rest is still held.
 */
@Schema(description = "Confirmed money of a payment that pays no invoice. Amounts are decimal strings.")
public record UnappliedFund(Instant unappliedAt, String invoiceId, String paymentId, Asset asset, String amount,
                            @Schema(description = "INVOICE_ALREADY_PAID, INVOICE_CANCELLED, INVOICE_EXPIRED_UNDERPAID, "
                                                  + "LATE_PAYMENT_SHORT or LATE_PAYMENT_NOT_ACCEPTED")
                            String reason,
                            @Schema(description = "When a reorg took the money away again; null while it stands")
                            Instant reversedAt,
                            @Schema(description = "How much of it confirmed refunds gave back to the customer")
                            String refunded,
                            @Schema(description = "When the last refund that gave some of it back was confirmed; "
                                                  + "null while none did")
                            Instant refundedAt) {
}
