package dev.tally.kernel.funds;

import dev.tally.kernel.ids.SettlementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Every payment of the settlement's invoice is final: its net becomes available for payouts. */
public record MakeCreditFinal(@TargetAggregateIdentifier FundsId fundsId, SettlementId settlementId, Instant at) {
}
