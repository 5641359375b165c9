package dev.tally.kernel.invoice;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A payment is on its way; {@code late} when its block came after expiry (inside the monitoring window).
 * {@code detectedAt} is when the customer paid (the block's time where known). {@code statusAfter} is where the
 * invoice stands afterwards; revision 1 did not carry it (null), and readers ask {@link #statusAfter(InvoiceStatus)}.
 */
@Revision("2")
public record InvoicePaymentDetected(InvoiceId invoiceId, MerchantId merchantId, PaymentId paymentId,
                                     TokenAmount amount, boolean late, Instant detectedAt,
                                     InvoiceStatus statusAfter) {

    @JsonCreator
    public InvoicePaymentDetected {
    }

    /**
     * The invoice's status after this event, given the status before it. Every reader asks this, so the rule that
     * revision 1 left implicit lives here only: then a payment in time moved a PENDING or UNDERPAID invoice to
     * CONFIRMING and changed nothing else.
     */
    public InvoiceStatus statusAfter(InvoiceStatus before) {
        if (statusAfter != null) {
            return statusAfter;
        }
        return !late && (before == InvoiceStatus.PENDING || before == InvoiceStatus.UNDERPAID)
               ? InvoiceStatus.CONFIRMING : before;
    }
}
