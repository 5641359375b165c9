package dev.tally.query.settlement;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;

/**
 * One settlement of one merchant; answers {@link SettlementView}, or nothing when the id is unknown <em>or</em>
 * belongs to another merchant (the two are indistinguishable on purpose).
 */
public record FindSettlement(MerchantId merchantId, SettlementId settlementId) {
}
