package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The merchant accepts a payment that arrived after expiry (PAID_LATE): it is settled like any other. */
public record AcceptLatePayment(@TargetAggregateIdentifier InvoiceId invoiceId, MerchantId merchantId, Mode mode) {
    public AcceptLatePayment {
        mode = Mode.orLive(mode);
    }

    /** For a live invoice. */
    public AcceptLatePayment(InvoiceId invoiceId, MerchantId merchantId) {
        this(invoiceId, merchantId, Mode.LIVE);
    }
}
