package dev.tally.query.checkout;

import dev.tally.kernel.ids.InvoiceId;

/** The customer's view of an invoice, by id alone (the id is the capability); answers an optional {@link PublicInvoiceView}. */
public record FindPublicInvoice(InvoiceId invoiceId) {
}
