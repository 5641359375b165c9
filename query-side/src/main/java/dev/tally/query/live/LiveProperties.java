package dev.tally.query.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Settings of the live (server-sent events) streams ({@code tally.query.live.*}). */
@Component
@ConfigurationProperties("tally.query.live")
public class LiveProperties {
    /** How often an idle stream sends a comment line, so proxies and clients know it is alive. */
    private Duration heartbeatInterval = Duration.ofSeconds(15);
    /** A stream is closed after this long; the browser's EventSource reconnects by itself. */
    private Duration maxDuration = Duration.ofMinutes(30);
    /**
     * Whether changed views are announced to the other nodes on the same database (PostgreSQL {@code NOTIFY}), so
     * that a client on any node gets the updates another node's processors made.
     */
    private boolean acrossNodes = true;
    /** Streams open at once on this instance; beyond it a new stream is refused with 503. */
    private int streamsMax = 1000;

    public boolean isAcrossNodes() {
        return acrossNodes;
    }

    public void setAcrossNodes(boolean acrossNodes) {
        this.acrossNodes = acrossNodes;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("tally.query.live.heartbeat-interval must be positive");
        }
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getMaxDuration() {
        return maxDuration;
    }

    public void setMaxDuration(Duration maxDuration) {
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("tally.query.live.max-duration must be positive");
        }
        this.maxDuration = maxDuration;
    }

    public int getStreamsMax() {
        return streamsMax;
    }

    public void setStreamsMax(int streamsMax) {
        if (streamsMax < 1) {
            throw new IllegalArgumentException("tally.query.live.streams-max must be at least 1");
        }
        this.streamsMax = streamsMax;
    }
}
