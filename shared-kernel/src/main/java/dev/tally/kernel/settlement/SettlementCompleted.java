package dev.tally.kernel.settlement;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The net was credited to the merchant's available balance and the fee to the platform's revenue. */
@Revision("1")
public record SettlementCompleted(SettlementId settlementId, InvoiceId invoiceId, MerchantId merchantId,
                                  TokenAmount gross, TokenAmount fee, TokenAmount net, Instant completedAt, Mode mode) {
    @JsonCreator
    public SettlementCompleted {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public SettlementCompleted(SettlementId settlementId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount gross,
                               TokenAmount fee, TokenAmount net, Instant completedAt) {
        this(settlementId, invoiceId, merchantId, gross, fee, net, completedAt, Mode.LIVE);
    }
}
