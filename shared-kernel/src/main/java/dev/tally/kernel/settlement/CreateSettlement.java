package dev.tally.kernel.settlement;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Settle a paid invoice, in its mode. The id derives from the invoice, so a redelivered request cannot settle twice.
 */
public record CreateSettlement(@TargetAggregateIdentifier SettlementId settlementId, InvoiceId invoiceId,
                               MerchantId merchantId, TokenAmount gross, int feeBasisPoints, Mode mode) {
    public CreateSettlement {
        mode = Mode.orLive(mode);
    }

    /** For a live invoice. */
    public CreateSettlement(SettlementId settlementId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount gross,
                            int feeBasisPoints) {
        this(settlementId, invoiceId, merchantId, gross, feeBasisPoints, Mode.LIVE);
    }
}
