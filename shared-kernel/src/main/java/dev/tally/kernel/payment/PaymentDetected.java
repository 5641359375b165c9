package dev.tally.kernel.payment;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A transfer to an invoice's deposit address was detected. {@code detection} counts from 1 and grows when a transfer
 * orphaned by a reorg is seen again. {@code requiredConfirmations} is the invoice's, fixed at its creation.
 */
@Revision("1")
public record PaymentDetected(
        PaymentId paymentId,
        InvoiceId invoiceId,
        MerchantId merchantId,
        Chain chain,
        String txHash,
        int logIndex,
        String fromAddress,
        String toAddress,
        TokenAmount amount,
        int requiredConfirmations,
        int detection,
        Instant detectedAt) {
}
