package dev.tally.query.sweep;

import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.sweep.SweepStatus;

/** The newest sweeps, of one status when {@code status} is set, of one mode when {@code mode} is. */
public record ListSweeps(SweepStatus status, Mode mode, int limit) {
    public static final int LIMIT_DEFAULT = 20;
    public static final int LIMIT_MAX = 100;
}
