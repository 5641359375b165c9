package dev.tally.kernel.sweep;

/** A step of a sweep's life; {@link #sweep()} is the sweep as the step left it. */
public interface SweepEvent {
    SweepState sweep();
}
