package dev.tally.kernel.settlement;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The settlement no longer stands (its invoice lost a payment to a reorg). {@code wasCompleted}: its net had been
 * credited and its fee booked (the ledger takes both back when the invoice reverses the payment); otherwise it never
 * completes.
 */
@Revision("1")
public record SettlementReversed(SettlementId settlementId, InvoiceId invoiceId, MerchantId merchantId,
                                 TokenAmount gross, TokenAmount fee, TokenAmount net, boolean wasCompleted,
                                 String reason, Instant reversedAt, Mode mode) {
    @JsonCreator
    public SettlementReversed {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public SettlementReversed(SettlementId settlementId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount gross,
                              TokenAmount fee, TokenAmount net, boolean wasCompleted, String reason,
                              Instant reversedAt) {
        this(settlementId, invoiceId, merchantId, gross, fee, net, wasCompleted, reason, reversedAt, Mode.LIVE);
    }
}
