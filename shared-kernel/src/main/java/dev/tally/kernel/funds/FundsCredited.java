package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A settlement's net was credited as pending; {@code balance} is the merchant's balance of its asset after. */
@Revision("1")
public record FundsCredited(FundsId fundsId, MerchantId merchantId, Mode mode, SettlementId settlementId,
                            TokenAmount amount, FundsBalance balance, Instant at) {
}
