package dev.tally.platform.axon.deadletter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tries every parked sequence again once it has rested for {@code retry-interval}: a cause fixed by a deploy or by an
 * operator heals without a call. A sequence that fails again stays parked, with its new cause and time. Axon's queue
 * claims a sequence while it is processed, so nodes doing this at once never process one twice.
 */
public class DeadLetterRetries implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetries.class);

    private final DeadLetters deadLetters;
    private final DeadLetterGroups groups;
    private final Duration interval;
    private final int sequencesMax;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public DeadLetterRetries(DeadLetters deadLetters, DeadLetterGroups groups, Duration interval, int sequencesMax,
                             Clock clock) {
        this.deadLetters = deadLetters;
        this.groups = groups;
        this.interval = interval;
        this.sequencesMax = sequencesMax;
        this.clock = clock;
    }

    void retryDue() {
        for (String group : groups.names()) {
            if (deadLetters.countsByGroup().getOrDefault(group, 0L) == 0) {
                continue;
            }
            try {
                int processed = deadLetters.retryGroup(group, clock.instant().minus(interval), sequencesMax);
                if (processed > 0) {
                    log.info("Retried {} parked sequence(s) of {}; {} dead letter(s) left", processed, group,
                             deadLetters.countsByGroup().getOrDefault(group, 0L));
                }
            } catch (RuntimeException e) {
                log.warn("Retrying the dead letters of {} failed; trying again in {}", group, interval, e);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null || interval.isZero() || interval.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dead-letter-retries");
            thread.setDaemon(true);
            return thread;
        });
        long every = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::retryDue, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Starts after Axon's processors (they are what a retry runs through) and stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
