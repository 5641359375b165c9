package dev.tally.kernel.funds;

import dev.tally.kernel.ids.PayoutId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The payout failed: its reserved money is available again. */
public record ReleasePayoutReservation(@TargetAggregateIdentifier FundsId fundsId, PayoutId payoutId, String reason,
                                       Instant at) {
}
