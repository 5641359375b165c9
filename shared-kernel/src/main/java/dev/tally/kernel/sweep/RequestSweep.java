package dev.tally.kernel.sweep;

import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Sweep {@code amount} from the deposit address at {@code derivationIndex} to the chain's hot wallet. Asked by the
 * watcher's sweep planner for deposit addresses whose final money reached the threshold: live ones on real chains,
 * test ones ({@code mode} test) on the sandbox chain.
 */
public record RequestSweep(@TargetAggregateIdentifier SweepId sweepId, Chain chain, String depositAddress,
                           long derivationIndex, TokenAmount amount, Instant at, Mode mode) {
    public RequestSweep {
        mode = Mode.orLive(mode);
    }

    /** A live sweep. */
    public RequestSweep(SweepId sweepId, Chain chain, String depositAddress, long derivationIndex, TokenAmount amount,
                        Instant at) {
        this(sweepId, chain, depositAddress, derivationIndex, amount, at, Mode.LIVE);
    }
}
