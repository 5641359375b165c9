package dev.tally.kernel.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.mode.Mode;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** For the operator: the payment is still unresolved (not confirmed, not failed) long after it was detected. */
@Revision("1")
public record PaymentStuck(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, PaymentStatus status,
                           Instant detectedAt, Instant escalatedAt, Mode mode) {
    @JsonCreator
    public PaymentStuck {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public PaymentStuck(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, PaymentStatus status,
                        Instant detectedAt, Instant escalatedAt) {
        this(paymentId, invoiceId, merchantId, status, detectedAt, escalatedAt, Mode.LIVE);
    }
}
