package dev.tally.kernel.invoice;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A confirmed payment to the invoice's address that the invoice does not (or no longer) count: the merchant's
 * <em>unapplied funds</em>, never revenue, to be refunded or applied by the merchant. A payment the invoice counted
 * before (an underpaid invoice that expired, a late payment not accepted) leaves its total: {@code confirmedTotal}
 * is what the invoice still counts afterwards, {@code statusAfter} where it stands.
 */
@Revision("1")
public record InvoicePaymentUnapplied(InvoiceId invoiceId, MerchantId merchantId, PaymentId paymentId,
                                      TokenAmount amount, UnappliedReason reason, TokenAmount confirmedTotal,
                                      InvoiceStatus statusAfter, Instant at, Mode mode) {
    @JsonCreator
    public InvoicePaymentUnapplied {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public InvoicePaymentUnapplied(InvoiceId invoiceId, MerchantId merchantId, PaymentId paymentId, TokenAmount amount,
                                   UnappliedReason reason, TokenAmount confirmedTotal, InvoiceStatus statusAfter,
                                   Instant at) {
        this(invoiceId, merchantId, paymentId, amount, reason, confirmedTotal, statusAfter, at, Mode.LIVE);
    }
}
