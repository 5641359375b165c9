package dev.tally.platform.ratelimit;

import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes buckets that have refilled completely (they would start full anyway), so one-off client addresses do not
 * pile up. Its own thread: a {@code ScheduledExecutorService} bean would displace Spring Boot's task scheduler.
 */
public class RateLimitBucketCleanup implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(RateLimitBucketCleanup.class);
    private static final int BATCH = 1000;

    private final ScheduledExecutorService executor;

    public RateLimitBucketCleanup(ExpiredEntriesCleaner buckets, Duration interval) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rate-limit-cleanup");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, interval.toSeconds());
        executor.scheduleWithFixedDelay(() -> {
            try {
                int removed;
                do {
                    removed = buckets.removeExpired(BATCH);
                } while (removed == BATCH && !Thread.currentThread().isInterrupted());
            } catch (RuntimeException e) {
                log.warn("Could not delete expired rate-limit buckets: {}", e.toString());
            }
        }, period, period, TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
