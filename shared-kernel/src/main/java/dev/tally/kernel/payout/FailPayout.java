package dev.tally.kernel.payout;

import dev.tally.kernel.ids.PayoutId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The payout's transaction failed on chain (or never could be sent). Failing again changes nothing. */
public record FailPayout(@TargetAggregateIdentifier PayoutId payoutId, String reason, Instant at) {
}
