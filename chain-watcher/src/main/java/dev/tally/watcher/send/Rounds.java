package dev.tally.watcher.send;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A round of work run every {@code interval} (after the previous one ends) on a daemon thread of its own, from the
 * application's start to its stop. A round that fails is logged; the next one tries again.
 */
final class Rounds implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Rounds.class);

    private final String name;
    private final Duration interval;
    private final Runnable round;
    private volatile ScheduledExecutorService thread;

    Rounds(String name, Duration interval, Runnable round) {
        this.name = name;
        this.interval = interval;
        this.round = round;
    }

    /** Runs {@code work} on the rounds' thread, between rounds; nothing while stopped. */
    void execute(Runnable work) {
        ScheduledExecutorService running = thread;
        if (running != null) {
            running.execute(work);
        }
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread daemon = new Thread(r, name);
            daemon.setDaemon(true);
            return daemon;
        });
        long millis = interval.toMillis();
        thread.scheduleWithFixedDelay(this::roundQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void roundQuietly() {
        try {
            round.run();
        } catch (RuntimeException e) {
            log.warn("{}: this round failed ({}); the next one tries again", name, e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
