package dev.tally.platform.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets kept in PostgreSQL (Bucket4j's select-for-update proxy manager on {@code ratelimit.buckets}), so a
 * count survives a restart and every node draws from the same bucket. If the database cannot be reached the request
 * is let through: the limits protect the service, they must not become its single point of failure.
 */
public class RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ProxyManager<String> buckets;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public RateLimiter(ProxyManager<String> buckets) {
        this.buckets = buckets;
    }

    /** The answer for one request: allowed or not, and what the {@code RateLimit-*} headers say. */
    public record Outcome(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    /** Takes one token from the bucket {@code tier:key} governed by {@code limit}. */
    public Outcome consume(String tier, String key, RateLimitProperties.Limit limit) {
        String id = tier + ":" + limit.signature() + ":" + key;
        ConsumptionProbe probe;
        try {
            probe = buckets.builder().build(id, () -> configuration(limit)).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            long last = lastWarning.get();
            if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                log.warn("Rate limits cannot be checked (letting requests through): {}", e.toString());
            }
            return new Outcome(true, limit.getRequests(), limit.getRequests(), 0, 0);
        }
        return outcome(probe, limit.getRequests());
    }

    /** What a bucket's answer means for the request and its headers. */
    static Outcome outcome(ConsumptionProbe probe, long limit) {
        return new Outcome(probe.isConsumed(), limit, probe.getRemainingTokens(),
                           seconds(probe.getNanosToWaitForReset()),
                           probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private static BucketConfiguration configuration(RateLimitProperties.Limit limit) {
        return BucketConfiguration.builder()
                                  .addLimit(Bandwidth.builder().capacity(limit.getRequests())
                                                     .refillGreedy(limit.getRequests(), limit.getPeriod()).build())
                                  .build();
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
