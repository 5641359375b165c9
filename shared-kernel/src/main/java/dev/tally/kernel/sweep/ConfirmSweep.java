package dev.tally.kernel.sweep;

import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.money.NetworkFee;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The sweep's transaction is final on chain in {@code blockNumber}; {@code networkFee} is what it cost,
 * {@code topUpFee} what the gas sent to the deposit address first cost (null when none was sent). Confirming again
 * changes nothing.
 */
public record ConfirmSweep(@TargetAggregateIdentifier SweepId sweepId, String txHash, long blockNumber,
                           NetworkFee networkFee, NetworkFee topUpFee, Instant at) {
}
