package dev.tally.kernel.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The block of a confirmed payment left the canonical chain before the chain made it final: the money it credited
 * did not arrive after all. The invoice takes it back; the transfer may be seen again in another block.
 */
@Revision("1")
public record PaymentReversed(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                              String blockHash, Instant reversedAt, Mode mode) {
    @JsonCreator
    public PaymentReversed {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public PaymentReversed(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                           String blockHash, Instant reversedAt) {
        this(paymentId, invoiceId, merchantId, amount, blockHash, reversedAt, Mode.LIVE);
    }
}
