package dev.tally.query.sweep;

import dev.tally.kernel.sweep.SweepStatus;

/** The newest sweeps, of one status when {@code status} is set. */
public record ListSweeps(SweepStatus status, int limit) {
    public static final int LIMIT_DEFAULT = 20;
    public static final int LIMIT_MAX = 100;
}
