package dev.tally.kernel.funds;

import dev.tally.kernel.ids.PayoutId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The payout is confirmed on chain: its reserved money has left. */
public record PostPayoutReservation(@TargetAggregateIdentifier FundsId fundsId, PayoutId payoutId, Instant at) {
}
