package dev.tally.kernel.payout;

import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.money.NetworkFee;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The payout's transaction failed on chain (or never could be sent). Failing again changes nothing. {@code txHash}:
 * the transaction that was mined and reverted, where the payout's transaction was replaced (the same nonce) and an
 * earlier one was mined; null for the one recorded last.
 */
public record FailPayout(@TargetAggregateIdentifier PayoutId payoutId, String reason, Instant at,
                         NetworkFee networkFee, String txHash) {
    /** A failure that cost no fee: nothing mined, or the sandbox chain. */
    public FailPayout(PayoutId payoutId, String reason, Instant at) {
        this(payoutId, reason, at, null, null);
    }

    /** The failure of the transaction recorded last. */
    public FailPayout(PayoutId payoutId, String reason, Instant at, NetworkFee networkFee) {
        this(payoutId, reason, at, networkFee, null);
    }
}
