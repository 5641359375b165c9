package dev.tally.kernel.settlement;

import dev.tally.kernel.ids.SettlementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Credit the net to the merchant's available balance. */
public record CompleteSettlement(@TargetAggregateIdentifier SettlementId settlementId) {
}
