package dev.tally.audit.rebuild;

import java.util.List;

/**
 * A rebuild as the API, the Actuator endpoint and the CLI show it. {@code status}: QUEUED, RUNNING, SUCCEEDED or
 * FAILED (when any projection failed; the others are still rebuilt). Instants are ISO-8601 text.
 */
public record RebuildStatus(String id, String status, String requestedAt, String startedAt, String finishedAt,
                            long eventsDone, long eventsTotal, List<Projection> projections) {

    /**
     * One projection's rebuild: events read so far out of the events in the store when it started, the rate per
     * second so far and the seconds left at that rate (null until known).
     */
    public record Projection(String name, String status, long eventsDone, long eventsTotal, Double ratePerSecond,
                             Long etaSeconds, String startedAt, String finishedAt, String error) {
    }

    /** Every rebuild this process knows of (newest first), and the projections that can be rebuilt. */
    public record Overview(List<String> rebuildable, List<RebuildStatus> rebuilds) {
    }
}
