package dev.tally.kernel.settlement;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A settlement (PENDING) with its fee split: gross = fee + net exactly; the fee rounded half-up at {@code feeScale}. */
@Revision("1")
public record SettlementCreated(SettlementId settlementId, InvoiceId invoiceId, MerchantId merchantId,
                                TokenAmount gross, TokenAmount fee, TokenAmount net, int feeBasisPoints, int feeScale,
                                Instant createdAt, Mode mode) {
    @JsonCreator
    public SettlementCreated {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public SettlementCreated(SettlementId settlementId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount gross,
                             TokenAmount fee, TokenAmount net, int feeBasisPoints, int feeScale, Instant createdAt) {
        this(settlementId, invoiceId, merchantId, gross, fee, net, feeBasisPoints, feeScale, createdAt, Mode.LIVE);
    }
}
