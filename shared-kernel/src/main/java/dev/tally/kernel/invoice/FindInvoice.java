package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;

/**
 * One invoice of one merchant; answers {@link InvoiceView}, or nothing when the id is unknown <em>or</em> belongs
 * to another merchant (the two are indistinguishable on purpose).
 */
public record FindInvoice(MerchantId merchantId, InvoiceId invoiceId) {
}
