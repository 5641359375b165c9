package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A settlement completed: its net is the merchant's, pending until its payments are final. */
public record CreditFunds(@TargetAggregateIdentifier FundsId fundsId, MerchantId merchantId, Mode mode,
                          SettlementId settlementId, TokenAmount net, Instant at) {
}
