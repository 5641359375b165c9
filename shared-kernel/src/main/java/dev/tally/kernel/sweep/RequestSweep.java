package dev.tally.kernel.sweep;

import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Sweep {@code amount} from the deposit address at {@code derivationIndex} to the chain's hot wallet. Asked by the
 * watcher's sweep planner for live deposit addresses whose final money reached the threshold.
 */
public record RequestSweep(@TargetAggregateIdentifier SweepId sweepId, Chain chain, String depositAddress,
                           long derivationIndex, TokenAmount amount, Instant at) {
}
