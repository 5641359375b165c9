package dev.tally.kernel.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The transfer was reverted (receipt not successful): it moved nothing. Final. */
@Revision("1")
public record PaymentFailed(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                            String reason, Instant failedAt, Mode mode) {
    @JsonCreator
    public PaymentFailed {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public PaymentFailed(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                         String reason, Instant failedAt) {
        this(paymentId, invoiceId, merchantId, amount, reason, failedAt, Mode.LIVE);
    }
}
