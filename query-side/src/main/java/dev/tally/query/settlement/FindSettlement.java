package dev.tally.query.settlement;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;

/**
 * One settlement of one merchant; answers {@link SettlementView}, or nothing when the id is unknown <em>or</em>
 * belongs to another merchant or to the other mode (all indistinguishable on purpose).
 */
public record FindSettlement(MerchantId merchantId, SettlementId settlementId, Mode mode) {
    public FindSettlement {
        mode = Mode.orLive(mode);
    }

    /** A live settlement. */
    public FindSettlement(MerchantId merchantId, SettlementId settlementId) {
        this(merchantId, settlementId, Mode.LIVE);
    }
}
