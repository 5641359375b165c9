package dev.tally.kernel.settlement;

import dev.tally.kernel.ids.SettlementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The invoice lost a payment to a reorg after it was paid: its settlement no longer stands. */
public record ReverseSettlement(@TargetAggregateIdentifier SettlementId settlementId, String reason, Instant at) {
}
