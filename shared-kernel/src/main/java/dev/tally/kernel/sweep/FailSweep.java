package dev.tally.kernel.sweep;

import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.money.NetworkFee;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The sweep's transaction reverted ({@code networkFee} what it cost) or can never be mined (no fee). Failing again
 * changes nothing.
 */
public record FailSweep(@TargetAggregateIdentifier SweepId sweepId, String reason, NetworkFee networkFee,
                        NetworkFee topUpFee, Instant at) {
}
