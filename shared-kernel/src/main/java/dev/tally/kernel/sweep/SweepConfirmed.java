package dev.tally.kernel.sweep;

import org.axonframework.serialization.Revision;

/** The sweep's transaction is final on chain: the money is in the hot wallet. */
@Revision("1")
public record SweepConfirmed(SweepState sweep) implements SweepEvent {
}
