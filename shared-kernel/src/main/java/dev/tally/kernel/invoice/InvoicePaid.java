package dev.tally.kernel.invoice;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Confirmed payments cover the invoice (status PAID, or OVERPAID when {@code overpaid} is not zero) and it is ready to
 * settle: {@code gross} is everything confirmed, {@code feeBasisPoints} the rate fixed at creation. Also published
 * when the merchant accepts a late payment ({@code lateAccepted}). {@code settlementId} is the settlement of this
 * round (see {@link SettlementId#forInvoice(InvoiceId, int)}); revision 1 did not carry it.
 */
@Revision("2")
public record InvoicePaid(InvoiceId invoiceId, MerchantId merchantId, TokenAmount amountDue, TokenAmount gross,
                          TokenAmount overpaid, int feeBasisPoints, boolean lateAccepted, Instant paidAt,
                          SettlementId settlementId, Mode mode) {

    @JsonCreator
    public InvoicePaid {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public InvoicePaid(InvoiceId invoiceId, MerchantId merchantId, TokenAmount amountDue, TokenAmount gross,
                       TokenAmount overpaid, int feeBasisPoints, boolean lateAccepted, Instant paidAt,
                       SettlementId settlementId) {
        this(invoiceId, merchantId, amountDue, gross, overpaid, feeBasisPoints, lateAccepted, paidAt, settlementId,
             Mode.LIVE);
    }

    /** The invoice's first payment, as every one before settlement rounds existed (revision 1). */
    public InvoicePaid(InvoiceId invoiceId, MerchantId merchantId, TokenAmount amountDue, TokenAmount gross,
                       TokenAmount overpaid, int feeBasisPoints, boolean lateAccepted, Instant paidAt) {
        this(invoiceId, merchantId, amountDue, gross, overpaid, feeBasisPoints, lateAccepted, paidAt, null);
    }

    /** The settlement that settles this payment; revision 1 had none, and then it is the invoice's first. */
    public SettlementId settlement() {
        return settlementId != null ? settlementId : SettlementId.forInvoice(invoiceId);
    }
}
