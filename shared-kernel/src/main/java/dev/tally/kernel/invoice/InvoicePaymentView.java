package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.payment.PaymentStatus;

import java.time.Instant;

/**
 * One payment of an invoice as its merchant sees it. {@code confirmations} is the count at the payment's last
 * milestone (1 when included in a block, the required count when confirmed).
 */
public record InvoicePaymentView(PaymentId id, PaymentStatus status, String amount, String txHash,
                                 int confirmations, int requiredConfirmations, Instant detectedAt,
                                 Instant confirmedAt) {
}
