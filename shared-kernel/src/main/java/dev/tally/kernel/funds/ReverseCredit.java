package dev.tally.kernel.funds;

import dev.tally.kernel.ids.SettlementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A reorg reversed a completed settlement before it was final: its pending credit is taken back. */
public record ReverseCredit(@TargetAggregateIdentifier FundsId fundsId, SettlementId settlementId, Instant at) {
}
