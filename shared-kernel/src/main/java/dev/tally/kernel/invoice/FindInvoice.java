package dev.tally.kernel.invoice;

import dev.tally.kernel.mode.Mode;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;

/**
 * One invoice of one merchant; answers {@link InvoiceView}, or nothing when the id is unknown <em>or</em> belongs
 * to another merchant or to the other mode (all indistinguishable on purpose).
 */
public record FindInvoice(MerchantId merchantId, InvoiceId invoiceId, Mode mode) {
}
