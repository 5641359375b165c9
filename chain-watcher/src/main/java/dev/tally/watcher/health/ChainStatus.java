package dev.tally.watcher.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What is known about one watched chain now, written by its scanner (and its fetches of blocks ahead) and read by
 * health and metrics (no node call when health is asked): whether the node answered the last call, the head, the last
 * processed block.
 * DOWN when the node does not answer or the scanner is more than {@code maxLag} blocks behind.
 */
public final class ChainStatus implements HealthIndicator {
    private final String name;
    private final String chain;
    private final long maxLag;
    private volatile Boolean reachable;
    private volatile long head = -1;
    private volatile long processed = -1;
    private volatile String lastError;
    private volatile Instant lastScanAt;
    /** Another process holds the chain's scanner lease: this one stands by (and is healthy doing so). */
    private volatile boolean standingBy;
    private volatile Supplier<String> endpoint = () -> null;

    public ChainStatus(String name, String chain, long maxLag) {
        this.name = name;
        this.chain = chain;
        this.maxLag = maxLag;
    }

    public String name() {
        return name;
    }

    /** Where the endpoint in use now can be read (a label without path or key). */
    public void endpointIs(Supplier<String> endpoint) {
        this.endpoint = endpoint;
    }

    /** The node answered. */
    public void nodeAnswered() {
        reachable = true;
    }

    public void headSeen(long head) {
        this.head = head;
        reachable = true;
    }

    public void nodeFailed(Throwable error) {
        reachable = false;
        lastError = String.valueOf(error.getMessage());
    }

    public void standingBy(boolean standingBy) {
        this.standingBy = standingBy;
    }

    public void processed(long blockNumber) {
        processed = blockNumber;
    }

    public void scanned(Instant at, Throwable error) {
        lastScanAt = at;
        if (error != null) {
            lastError = String.valueOf(error.getMessage());
        } else if (Boolean.TRUE.equals(reachable)) {
            lastError = null;
        }
    }

    /** The head, NaN before the node first answered. */
    public double headGauge() {
        return head < 0 ? Double.NaN : head;
    }

    public double processedGauge() {
        return processed < 0 ? Double.NaN : processed;
    }

    public double lagGauge() {
        return head < 0 || processed < 0 ? Double.NaN : lag();
    }

    private long lag() {
        return Math.max(0, head - processed);
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("chain", chain);
        details.put("reachable", reachable);
        String current = endpoint.get();
        if (current != null) {
            details.put("endpoint", current);
        }
        if (head >= 0) {
            details.put("headBlock", head);
        }
        if (processed >= 0) {
            details.put("processedBlock", processed);
        }
        if (head >= 0 && processed >= 0) {
            details.put("lagBlocks", lag());
        }
        details.put("maxLagBlocks", maxLag);
        if (lastScanAt != null) {
            details.put("lastScanAt", lastScanAt.toString());
        }
        if (lastError != null) {
            details.put("lastError", lastError);
        }
        details.put("scanning", standingBy ? "another process (standing by)" : "this process");
        Status status;
        if (standingBy) {
            status = Status.UP; // its lag is the active process's to report
        } else if (reachable == null) {
            status = Status.UNKNOWN; // not scanned yet
        } else if (!reachable) {
            status = Status.DOWN;
        } else if (head >= 0 && processed >= 0 && lag() > maxLag) {
            status = Status.DOWN;
        } else {
            status = Status.UP;
        }
        return Health.status(status).withDetails(details).build();
    }
}
