package dev.tally.kernel.payout;

import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.money.NetworkFee;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The payout's transaction failed on chain (or never could be sent). Failing again changes nothing. */
public record FailPayout(@TargetAggregateIdentifier PayoutId payoutId, String reason, Instant at,
                         NetworkFee networkFee) {
    /** A failure that cost no fee: nothing mined, or the sandbox chain. */
    public FailPayout(PayoutId payoutId, String reason, Instant at) {
        this(payoutId, reason, at, null);
    }
}
