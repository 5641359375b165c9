package dev.tally.watcher.scan;

import dev.tally.watcher.health.ChainStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one chain's {@link BlockScanner} on a thread of its own every {@code pollInterval} (after the previous scan
 * ends). A scan that fails is logged and the next tick tries again from the checkpoint: nothing ends the loop but
 * {@link #stop()}. The scanner waits while the watched addresses are not loaded yet, and, with a {@link ScannerLease},
 * while another process holds the chain (it takes over once that process's lease expires).
 */
public final class ChainScanLoop {
    private static final Logger log = LoggerFactory.getLogger(ChainScanLoop.class);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);

    private final String name;
    private final BlockScanner scanner;
    private final WatchedAddresses watched;
    private final Duration pollInterval;
    private final ChainStatus status;
    private final Clock clock;
    private final ScannerLease lease;
    private ScheduledExecutorService thread;
    private int failuresInARow;

    public ChainScanLoop(String name, BlockScanner scanner, WatchedAddresses watched, Duration pollInterval,
                         ChainStatus status, Clock clock) {
        this(name, scanner, watched, pollInterval, status, clock, null);
    }

    /** @param lease null where no other process can scan this chain (the sandbox's own) */
    public ChainScanLoop(String name, BlockScanner scanner, WatchedAddresses watched, Duration pollInterval,
                         ChainStatus status, Clock clock, ScannerLease lease) {
        this.lease = lease;
        this.name = name;
        this.scanner = scanner.onProgress(status::processed);
        this.watched = watched;
        this.pollInterval = pollInterval;
        this.status = status;
        this.clock = clock;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chain-scanner-" + name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tick, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Watching chain {} every {}", name, pollInterval);
    }

    /** One scan; never throws (a throw would cancel the schedule). */
    void tick() {
        try {
            if (!watched.ready()) {
                log.debug("{}: waiting for the watched addresses to load", name);
                return;
            }
            if (lease != null) {
                boolean holds = lease.holdOrTake();
                status.standingBy(!holds);
                if (!holds) {
                    return; // another process scans this chain; this one stands by
                }
            }
            scanner.checkpoint().ifPresent(status::processed);
            scanner.scanOnce();
            status.scanned(clock.instant(), null);
            if (failuresInARow > 0) {
                log.info("{}: scanning again after {} failed scan(s)", name, failuresInARow);
            }
            failuresInARow = 0;
        } catch (Throwable e) { // anything: the loop must go on
            status.scanned(clock.instant(), e);
            if (failuresInARow++ == 0) {
                log.warn("{}: scan failed; trying again every {} from the checkpoint", name, pollInterval, e);
            } else {
                log.warn("{}: scan failed again ({} in a row): {}", name, failuresInARow, e.toString());
            }
        }
    }

    /** Stops the loop, letting a scan in progress finish (each processed block is committed on its own). */
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        thread = null;
        if (lease != null && lease.held()) {
            try {
                lease.release();
            } catch (RuntimeException e) {
                log.warn("{}: could not release the scanner lease; another process takes over when it expires",
                         name, e);
            }
        }
        log.info("Stopped watching chain {}", name);
    }

    public synchronized boolean isRunning() {
        return thread != null;
    }
}
