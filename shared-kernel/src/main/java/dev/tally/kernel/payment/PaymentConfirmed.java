package dev.tally.kernel.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Milestone: the invoice's required confirmations were reached. Final. */
@Revision("1")
public record PaymentConfirmed(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                               String blockHash, int confirmations, Instant confirmedAt, Mode mode) {
    @JsonCreator
    public PaymentConfirmed {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public PaymentConfirmed(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                            String blockHash, int confirmations, Instant confirmedAt) {
        this(paymentId, invoiceId, merchantId, amount, blockHash, confirmations, confirmedAt, Mode.LIVE);
    }
}
