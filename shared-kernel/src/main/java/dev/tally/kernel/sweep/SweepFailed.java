package dev.tally.kernel.sweep;

import org.axonframework.serialization.Revision;

/**
 * The sweep's transaction reverted, can never be mined, or was not signed: the money is still on the deposit address,
 * to be swept again.
 */
@Revision("1")
public record SweepFailed(SweepState sweep) implements SweepEvent {
}
