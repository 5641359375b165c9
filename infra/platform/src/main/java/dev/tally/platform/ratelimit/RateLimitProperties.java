package dev.tally.platform.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code tally.rate-limits.*}: three tiers — per API key, per client IP for unauthenticated
 * traffic, and global — and the switch that turns them all off (benchmarks).
 */
@ConfigurationProperties("tally.rate-limits")
public class RateLimitProperties {
    /** false: no limits, no headers, no database round trips. */
    private boolean enabled = true;
    private final ApiKey apiKey = new ApiKey();
    /** Unauthenticated traffic per client IP: public invoice endpoints, the payment page, failed authentication. */
    private final Limit ip = new Limit(100, Duration.ofMinutes(1));
    /**
     * Every request to the service's API (not /actuator), whoever sends it: the figure for all nodes together, of
     * which each node enforces its share ({@link #getNodes()}) in memory.
     */
    private final Limit global = new Limit(1000, Duration.ofSeconds(1));
    /** How many nodes share the global figure (each allows global / nodes); the per-key and per-IP tiers are shared. */
    private int nodes = 1;
    /**
     * A node writes a per-key or per-IP bucket back to PostgreSQL with the first request that comes this long after
     * its last write-back (and, whatever the time, after 2 % of the limit, and when it stops). A key that sends less
     * than one request per interval pays a round trip per request: the interval is what makes a request free.
     */
    private Duration syncInterval = Duration.ofSeconds(10);
    /** How often buckets that have refilled completely (and so carry no information) are deleted. */
    private Duration cleanupInterval = Duration.ofMinutes(10);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public ApiKey getApiKey() {
        return apiKey;
    }

    public Limit getIp() {
        return ip;
    }

    public Limit getGlobal() {
        return global;
    }

    public int getNodes() {
        return nodes;
    }

    public void setNodes(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("tally.rate-limits.nodes must be at least 1");
        }
        this.nodes = nodes;
    }

    public Duration getSyncInterval() {
        return syncInterval;
    }

    public void setSyncInterval(Duration syncInterval) {
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("tally.rate-limits.sync-interval must be positive");
        }
        this.syncInterval = syncInterval;
    }

    public Duration getCleanupInterval() {
        return cleanupInterval;
    }

    public void setCleanupInterval(Duration cleanupInterval) {
        this.cleanupInterval = cleanupInterval;
    }

    /** Per API key (the admin key counts as one key). */
    public static class ApiKey {
        /** POST /api/v1/invoices. */
        private final Limit invoiceCreation = new Limit(1000, Duration.ofHours(1));
        /** GET and HEAD: status checks, lists, reports. */
        private final Limit reads = new Limit(5000, Duration.ofHours(1));
        /** Every other write (cancel, keys, webhook endpoints, …). */
        private final Limit writes = new Limit(1000, Duration.ofHours(1));

        public Limit getInvoiceCreation() {
            return invoiceCreation;
        }

        public Limit getReads() {
            return reads;
        }

        public Limit getWrites() {
            return writes;
        }
    }

    /** {@code requests} per {@code period}, refilled smoothly (a token every period/requests). */
    public static class Limit {
        private long requests;
        private Duration period;

        public Limit(long requests, Duration period) {
            this.requests = requests;
            this.period = period;
        }

        public long getRequests() {
            return requests;
        }

        public void setRequests(long requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("a rate limit allows at least 1 request");
            }
            this.requests = requests;
        }

        public Duration getPeriod() {
            return period;
        }

        public void setPeriod(Duration period) {
            if (period == null || period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("a rate limit's period must be positive");
            }
            this.period = period;
        }

        /** Part of the bucket's key: a changed limit starts a fresh bucket instead of reusing the old state. */
        String signature() {
            return requests + "/" + period.toMillis() + "ms";
        }
    }
}
