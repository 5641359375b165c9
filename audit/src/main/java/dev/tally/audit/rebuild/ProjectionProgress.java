package dev.tally.audit.rebuild;

import java.time.Clock;
import java.time.Instant;

/** How far the rebuild of one projection is; written by the rebuild's thread, read by any. */
final class ProjectionProgress {
    enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    private final String name;
    private final Clock clock;
    private volatile State state = State.QUEUED;
    private volatile long eventsDone;
    private volatile long eventsTotal;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile String error;

    ProjectionProgress(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    String name() {
        return name;
    }

    State state() {
        return state;
    }

    void started() {
        startedAt = clock.instant();
        startNanos = System.nanoTime();
        state = State.RUNNING;
    }

    void total(long events) {
        eventsTotal = events;
    }

    void done(long events) {
        eventsDone = events;
    }

    void succeeded() {
        finish();
        state = State.SUCCEEDED;
    }

    void failed(String why) {
        error = why;
        finish();
        state = State.FAILED;
    }

    private void finish() {
        endNanos = System.nanoTime();
        finishedAt = clock.instant();
    }

    long eventsDone() {
        return eventsDone;
    }

    long eventsTotal() {
        return eventsTotal;
    }

    /** A consistent enough view for a progress display: rate over the time so far, ETA from that rate. */
    RebuildStatus.Projection status() {
        State now = state;
        long done = eventsDone;
        long total = eventsTotal;
        Double rate = null;
        Long eta = null;
        if (now != State.QUEUED) {
            long end = now == State.RUNNING ? System.nanoTime() : endNanos;
            double seconds = Math.max((end - startNanos) / 1e9, 1e-3);
            rate = Math.round(done / seconds * 10) / 10.0;
            if (now == State.RUNNING && done > 0) {
                eta = Math.max(0, Math.round((total - done) / (done / seconds)));
            } else if (now == State.SUCCEEDED) {
                eta = 0L;
            }
        }
        return new RebuildStatus.Projection(name, now.name(), done, total, rate, eta, text(startedAt),
                                            text(finishedAt), error);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
