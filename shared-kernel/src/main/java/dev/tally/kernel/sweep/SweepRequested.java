package dev.tally.kernel.sweep;

import org.axonframework.serialization.Revision;

/** A deposit address's final money is to be swept to the hot wallet. */
@Revision("1")
public record SweepRequested(SweepState sweep) implements SweepEvent {
}
