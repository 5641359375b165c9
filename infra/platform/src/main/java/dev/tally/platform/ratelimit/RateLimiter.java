package dev.tally.platform.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets kept in PostgreSQL (Bucket4j's select-for-update proxy manager on {@code ratelimit.buckets}), so a
 * count survives a restart and every node draws from the same bucket. If the database cannot be reached the request
 * is let through: the limits protect the service, they must not become its single point of failure.
 * <p>
 * A request is not a database round trip: each node keeps its buckets in memory (Bucket4j's delaying optimization)
 * and writes a bucket back once it has served {@link #unsynchronizedTokens 2 %} of its limit, or with the first
 * request that comes more than {@code syncInterval} after the last write-back, and when the bucket is dropped from
 * memory or the node stops. A node therefore counts exactly, and all nodes together can overshoot a limit by at most
 * that share per node.
 */
public class RateLimiter implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final Duration WRITE_BACK_AT_STOP = Duration.ofSeconds(5);

    private final ProxyManager<String> buckets;
    private final Duration syncInterval;
    /** Buckets this node has used lately; one dropped from here is written back (off the request's thread). */
    private final Cache<String, BucketProxy> local = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .removalListener((String id, BucketProxy bucket, RemovalCause cause) -> {
                if (bucket != null && cause.wasEvicted()) {
                    sync(bucket);
                }
            })
            .build();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public RateLimiter(ProxyManager<String> buckets, Duration syncInterval) {
        this.buckets = buckets;
        this.syncInterval = syncInterval;
    }

    /** The answer for one request: allowed or not, and what the {@code RateLimit-*} headers say. */
    public record Outcome(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    /** Takes one token from the bucket {@code tier:key} governed by {@code limit}. */
    public Outcome consume(String tier, String key, RateLimitProperties.Limit limit) {
        String id = tier + ":" + limit.signature() + ":" + key;
        ConsumptionProbe probe;
        try {
            probe = local.get(id, key1 -> bucket(key1, limit)).tryConsumeAndReturnRemaining(1);
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

    private BucketProxy bucket(String id, RateLimitProperties.Limit limit) {
        DelayParameters delay = new DelayParameters(unsynchronizedTokens(limit.getRequests()), syncInterval);
        return buckets.builder()
                      .withOptimization(Optimizations.delaying(delay))
                      .build(id, () -> configuration(limit));
    }

    /** Tokens a node may take from a bucket before it writes the bucket back: 2 % of the limit, at least one. */
    static long unsynchronizedTokens(long limit) {
        return Math.max(1, limit / 50);
    }

    private void sync(BucketProxy bucket) {
        try {
            bucket.getOptimizationController().syncImmediately();
        } catch (RuntimeException e) {
            log.debug("Could not write a rate-limit bucket back", e);
        }
    }

    /**
     * Writes the buckets back, so that a restarted node goes on from the counts this one reached; for at most
     * {@link #WRITE_BACK_AT_STOP} (a stop must not wait on thousands of idle buckets: what one of them did not write
     * back is at most its 2 %).
     */
    @Override
    public void destroy() {
        long deadline = System.nanoTime() + WRITE_BACK_AT_STOP.toNanos();
        for (BucketProxy bucket : local.asMap().values()) {
            if (System.nanoTime() > deadline) {
                log.info("Stopped writing rate-limit buckets back after {}", WRITE_BACK_AT_STOP);
                return;
            }
            sync(bucket);
        }
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
