package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A reorg took a pending credit back; {@code balance} is the balance after. */
@Revision("1")
public record FundsCreditReversed(FundsId fundsId, MerchantId merchantId, Mode mode, SettlementId settlementId,
                                  TokenAmount amount, FundsBalance balance, Instant at) {
}
