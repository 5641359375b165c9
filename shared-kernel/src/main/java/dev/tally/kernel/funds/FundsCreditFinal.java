package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A settlement's net became available (its payments are final); {@code balance} is the balance after. */
@Revision("1")
public record FundsCreditFinal(FundsId fundsId, MerchantId merchantId, Mode mode, SettlementId settlementId,
                               TokenAmount amount, FundsBalance balance, Instant at) {
}
