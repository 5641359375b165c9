package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancel an invoice on behalf of its merchant; allowed only while it is PENDING with no payment. */
public record CancelInvoice(@TargetAggregateIdentifier InvoiceId invoiceId, MerchantId merchantId, Mode mode) {
    public CancelInvoice {
        mode = Mode.orLive(mode);
    }

    /** For a live invoice. */
    public CancelInvoice(InvoiceId invoiceId, MerchantId merchantId) {
        this(invoiceId, merchantId, Mode.LIVE);
    }
}
