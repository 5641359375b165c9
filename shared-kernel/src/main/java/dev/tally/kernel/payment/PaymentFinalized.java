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
 * Milestone: the chain declared the confirmed payment's block final (Tron: solidified; Ethereum: at or below the
 * node's {@code finalized} block; the sandbox: its finality depth). No reorganisation can take it away any more.
 */
@Revision("1")
public record PaymentFinalized(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                               String blockHash, Instant finalizedAt, Mode mode) {
    @JsonCreator
    public PaymentFinalized {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public PaymentFinalized(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                            String blockHash, Instant finalizedAt) {
        this(paymentId, invoiceId, merchantId, amount, blockHash, finalizedAt, Mode.LIVE);
    }
}
