package dev.tally.kernel.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The block holding the transfer left the canonical chain before the threshold; it may be detected again. */
@Revision("1")
public record PaymentOrphaned(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                              String blockHash, Instant orphanedAt, Mode mode) {
    @JsonCreator
    public PaymentOrphaned {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public PaymentOrphaned(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                           String blockHash, Instant orphanedAt) {
        this(paymentId, invoiceId, merchantId, amount, blockHash, orphanedAt, Mode.LIVE);
    }
}
