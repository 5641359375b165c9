package dev.tally.kernel.sweep;

import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.money.NetworkFee;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The sweep's transaction reverted ({@code networkFee} what it cost) or can never be mined (no fee). Failing again
 * changes nothing. {@code txHash}: the transaction that was mined and reverted, where the sweep's transaction was
 * replaced (the same nonce) and an earlier one was mined; null for the one recorded last.
 */
public record FailSweep(@TargetAggregateIdentifier SweepId sweepId, String reason, NetworkFee networkFee,
                        NetworkFee topUpFee, Instant at, String txHash) {
    /** The failure of the transaction recorded last. */
    public FailSweep(SweepId sweepId, String reason, NetworkFee networkFee, NetworkFee topUpFee, Instant at) {
        this(sweepId, reason, networkFee, topUpFee, at, null);
    }
}
