package dev.tally.kernel.invoice;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The invoice is settled and every payment it counts is final: its settlement's net, available since settlement,
 * is now final (payable). No reorg can take it back.
 */
@Revision("1")
public record InvoiceSettlementFinal(InvoiceId invoiceId, MerchantId merchantId, SettlementId settlementId,
                                     Instant at, Mode mode) {
    @JsonCreator
    public InvoiceSettlementFinal {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public InvoiceSettlementFinal(InvoiceId invoiceId, MerchantId merchantId, SettlementId settlementId, Instant at) {
        this(invoiceId, merchantId, settlementId, at, Mode.LIVE);
    }
}
