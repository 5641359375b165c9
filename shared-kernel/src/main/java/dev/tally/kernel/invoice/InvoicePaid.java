package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Confirmed payments cover the invoice (status PAID, or OVERPAID when {@code overpaid} is not zero) and it is ready to
 * settle: {@code gross} is everything confirmed, {@code feeBasisPoints} the rate fixed at creation. Also published
 * when the merchant accepts a late payment ({@code lateAccepted}).
 */
@Revision("1")
public record InvoicePaid(InvoiceId invoiceId, MerchantId merchantId, TokenAmount amountDue, TokenAmount gross,
                          TokenAmount overpaid, int feeBasisPoints, boolean lateAccepted, Instant paidAt) {
}
