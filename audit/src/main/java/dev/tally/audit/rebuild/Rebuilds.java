package dev.tally.audit.rebuild;

import dev.tally.audit.AuditProperties;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.platform.web.InvalidRequestException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requested rebuilds and their progress. Rebuilds run one after another; the projections of one are replayed
 * {@code tally.audit.rebuild-parallelism} at a time (2), each in its own transaction on a thread and a connection of
 * its own, in the order asked. A projection is never rebuilt twice at once, and a rebuild takes that many
 * connections and cores at most, whatever is asked. Asking for a projection that is
 * already queued or being rebuilt is refused (409). Kept in memory: a restart forgets finished rebuilds, and a
 * rebuild cut off by a restart left the old rows in place (its transaction never committed).
 */
@Component
public class Rebuilds implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RebuildableProjections projections;
    private final ProjectionRebuilder rebuilder;
    private final Clock clock;
    private final int historyMax;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "tally-rebuilds");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService replays;
    private volatile boolean running;

    public Rebuilds(RebuildableProjections projections, ProjectionRebuilder rebuilder, Clock clock,
                    AuditProperties properties, ObjectProvider<MeterRegistry> meters) {
        this.projections = projections;
        this.rebuilder = rebuilder;
        this.clock = clock;
        this.historyMax = Math.max(1, properties.getRebuildHistoryMax());
        AtomicInteger threads = new AtomicInteger();
        this.replays = Executors.newFixedThreadPool(properties.getRebuildParallelism(), r -> {
            Thread thread = new Thread(r, "tally-rebuild-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        meters.ifAvailable(registry -> {
            Gauge.builder("tally.rebuild.projections.pending", this, r -> r.pending().size())
                 .description("projections queued or being rebuilt").register(registry);
            Gauge.builder("tally.rebuild.events.remaining", this,
                          r -> r.pending().stream().mapToLong(p -> Math.max(0, p.eventsTotal() - p.eventsDone())).sum())
                 .description("events still to replay by the projection being rebuilt").register(registry);
        });
    }

    /** The projections queued or being rebuilt. */
    private synchronized List<ProjectionProgress> pending() {
        return runs.values().stream().flatMap(run -> run.projections.stream())
                   .filter(p -> p.state() == ProjectionProgress.State.QUEUED
                                || p.state() == ProjectionProgress.State.RUNNING)
                   .toList();
    }

    /** The projections that can be rebuilt. */
    public List<String> rebuildable() {
        return projections.names();
    }

    /**
     * Queues a rebuild of the named projections, or of all when {@code all}; 400 for an unknown name (the message
     * lists the valid ones), 409 when one of them is already queued or being rebuilt.
     */
    public synchronized RebuildStatus start(List<String> names, boolean all) {
        List<String> valid = projections.names();
        Set<String> chosen = new LinkedHashSet<>();
        if (all) {
            if (names != null && !names.isEmpty()) {
                throw new InvalidRequestException("projections", "give either projections or all, not both");
            }
            chosen.addAll(valid);
        } else {
            if (names == null || names.isEmpty()) {
                throw new InvalidRequestException("projections", "name at least one projection (one of "
                                                                 + String.join(", ", valid) + ") or send all: true");
            }
            List<String> unknown = new ArrayList<>();
            for (String name : names) {
                if (name == null || !valid.contains(name)) {
                    unknown.add(String.valueOf(name));
                } else {
                    chosen.add(name);
                }
            }
            if (!unknown.isEmpty()) {
                throw new InvalidRequestException("projections", "unknown projection" + (unknown.size() > 1 ? "s " : " ")
                        + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList())
                        + "; the projections that can be rebuilt are: " + String.join(", ", valid));
            }
        }
        if (chosen.isEmpty()) {
            throw new DomainException(ErrorCode.INVALID_STATE, "this process has no projections to rebuild");
        }
        if (!running) {
            throw new DomainException(ErrorCode.SERVICE_UNAVAILABLE, "the process is stopping");
        }
        for (Run run : runs.values()) {
            if (!run.finished()) {
                for (ProjectionProgress progress : run.projections) {
                    if (chosen.contains(progress.name()) && progress.state() != ProjectionProgress.State.SUCCEEDED
                        && progress.state() != ProjectionProgress.State.FAILED) {
                        throw new DomainException(ErrorCode.INVALID_STATE, "projection '" + progress.name()
                                + "' is already being rebuilt or queued (rebuild " + run.id + ")");
                    }
                }
            }
        }
        Run run = new Run("rbd_" + HexFormat.of().formatHex(randomBytes()), clock.instant(),
                          chosen.stream().map(name -> new ProjectionProgress(name, clock)).toList());
        runs.put(run.id, run);
        forgetOld();
        worker.execute(() -> execute(run));
        return run.status();
    }

    public synchronized Optional<RebuildStatus> find(String id) {
        return Optional.ofNullable(runs.get(id)).map(Run::status);
    }

    /** Every known rebuild, newest first. */
    public synchronized List<RebuildStatus> all() {
        List<RebuildStatus> statuses = new ArrayList<>(runs.values().stream().map(Run::status).toList());
        Collections.reverse(statuses);
        return statuses;
    }

    public RebuildStatus.Overview overview() {
        return new RebuildStatus.Overview(rebuildable(), all());
    }

    private void execute(Run run) {
        run.startedAt = clock.instant();
        List<Future<?>> replaying = new ArrayList<>();
        try {
            for (ProjectionProgress progress : run.projections) {
                replaying.add(replays.submit(() -> replay(run, progress)));
            }
            for (Future<?> replay : replaying) {
                replay.get();
            }
        } catch (InterruptedException e) {
            // The process is stopping: the replays are interrupted too (their transactions roll back).
            Thread.currentThread().interrupt();
            stopping(run, replaying);
        } catch (RejectedExecutionException e) {
            // The process stopped while the replays were being handed out.
            stopping(run, replaying);
        } catch (ExecutionException e) {
            log.error("rebuild {} failed unexpectedly", run.id, e.getCause());
        }
        run.finishedAt = clock.instant();
    }

    private static void stopping(Run run, List<Future<?>> replaying) {
        replaying.forEach(replay -> replay.cancel(true));
        run.projections.stream().filter(p -> p.state() == ProjectionProgress.State.QUEUED)
                       .forEach(p -> p.failed("not started: the process is stopping"));
    }

    private void replay(Run run, ProjectionProgress progress) {
        if (!running) {
            progress.failed("not started: the process is stopping");
            return;
        }
        progress.started();
        try {
            rebuilder.rebuild(progress.name(), progress);
            progress.succeeded();
        } catch (RuntimeException | Error e) {
            log.error("rebuild {} of projection {} failed; its old rows and token are kept", run.id,
                      progress.name(), e);
            progress.failed(describe(e));
        }
    }

    /** The failure and, when it says more, its root cause (a database error behind Axon's wrapper, say). */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return message;
    }

    private void forgetOld() {
        List<String> finished = runs.values().stream().filter(Run::finished).map(r -> r.id).toList();
        for (int i = 0; i < finished.size() - historyMax; i++) {
            runs.remove(finished.get(i));
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start() {
        running = true;
    }

    /** Stops before Axon's processors do: a rebuild in progress rolls back and leaves its processor to Axon. */
    @Override
    public void stop() {
        running = false;
        rebuilder.closing();
        worker.shutdownNow();
        replays.shutdownNow();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS) || !replays.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("a projection rebuild did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 10;
    }

    /** One requested rebuild: its projections in the order they are started. */
    private static final class Run {
        final String id;
        final Instant requestedAt;
        final List<ProjectionProgress> projections;
        volatile Instant startedAt;
        volatile Instant finishedAt;

        Run(String id, Instant requestedAt, List<ProjectionProgress> projections) {
            this.id = id;
            this.requestedAt = requestedAt;
            this.projections = projections;
        }

        boolean finished() {
            return finishedAt != null;
        }

        RebuildStatus status() {
            List<RebuildStatus.Projection> each = projections.stream().map(ProjectionProgress::status).toList();
            String status;
            if (finishedAt != null) {
                status = each.stream().anyMatch(p -> p.status().equals("FAILED")) ? "FAILED" : "SUCCEEDED";
            } else {
                status = startedAt == null ? "QUEUED" : "RUNNING";
            }
            return new RebuildStatus(id, status, requestedAt.toString(),
                                     startedAt == null ? null : startedAt.toString(),
                                     finishedAt == null ? null : finishedAt.toString(),
                                     each.stream().mapToLong(RebuildStatus.Projection::eventsDone).sum(),
                                     each.stream().mapToLong(RebuildStatus.Projection::eventsTotal).sum(), each);
        }
    }
}
