package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancel an invoice on behalf of its merchant; allowed only while it is PENDING with no payment. */
public record CancelInvoice(@TargetAggregateIdentifier InvoiceId invoiceId, MerchantId merchantId) {
}
