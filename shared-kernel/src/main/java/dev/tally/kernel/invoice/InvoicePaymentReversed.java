package dev.tally.kernel.invoice;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A confirmed payment the invoice counted ({@code wasUnapplied} false) or held as unapplied funds (true) was reversed
 * by a reorg: its money is gone. When the invoice had been paid, {@code settlementReversed} names its settlement,
 * which is reversed too (the net leaves the merchant's available balance, the fee the platform's revenue), and the
 * invoice returns to what its remaining payments justify: {@code confirmedTotal} and {@code statusAfter}.
 */
@Revision("1")
public record InvoicePaymentReversed(InvoiceId invoiceId, MerchantId merchantId, PaymentId paymentId,
                                     TokenAmount amount, boolean wasUnapplied, SettlementId settlementReversed,
                                     TokenAmount confirmedTotal, InvoiceStatus statusAfter, Instant at, Mode mode) {
    @JsonCreator
    public InvoicePaymentReversed {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public InvoicePaymentReversed(InvoiceId invoiceId, MerchantId merchantId, PaymentId paymentId, TokenAmount amount,
                                  boolean wasUnapplied, SettlementId settlementReversed, TokenAmount confirmedTotal,
                                  InvoiceStatus statusAfter, Instant at) {
        this(invoiceId, merchantId, paymentId, amount, wasUnapplied, settlementReversed, confirmedTotal, statusAfter,
             at, Mode.LIVE);
    }
}
