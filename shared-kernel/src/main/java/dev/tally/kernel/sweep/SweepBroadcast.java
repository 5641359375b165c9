package dev.tally.kernel.sweep;

import org.axonframework.serialization.Revision;

/** The sweep's transaction was signed, kept and handed to the chain. */
@Revision("1")
public record SweepBroadcast(SweepState sweep) implements SweepEvent {
}
