package dev.tally.query.sweep;

import dev.tally.kernel.ids.SweepId;

/** One sweep, answered with an {@code Optional<SweepView>}. */
public record FindSweep(SweepId sweepId) {
}
