package dev.tally.kernel.sweep;

import dev.tally.kernel.ids.SweepId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The sweep's transaction was handed to the chain. Recording the same hash again changes nothing. */
public record RecordSweepBroadcast(@TargetAggregateIdentifier SweepId sweepId, String txHash, Instant at) {
}
