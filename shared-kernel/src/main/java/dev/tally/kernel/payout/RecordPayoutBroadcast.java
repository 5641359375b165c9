package dev.tally.kernel.payout;

import dev.tally.kernel.ids.PayoutId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The payout's transaction {@code txHash} was stored and handed to the chain. The same hash again changes nothing. */
public record RecordPayoutBroadcast(@TargetAggregateIdentifier PayoutId payoutId, String txHash, Instant at) {
}
