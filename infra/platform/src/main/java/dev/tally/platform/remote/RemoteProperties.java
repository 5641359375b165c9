package dev.tally.platform.remote;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Queries between services deployed apart ({@code tally.remote.*}). Off by default: the launcher answers everything
 * in its own process.
 */
@ConfigurationProperties("tally.remote")
public class RemoteProperties {
    static final int SECRET_LENGTH_MIN = 32;
    /**
     * The services a query with no handler in this process is sent to, tried in order: base URLs such as
     * {@code http://query-side:8080}. Empty: every query is answered here or fails.
     */
    private List<URI> peers = new ArrayList<>();
    /**
     * The secret that services share to ask one another queries: a peer is sent it, and this service answers
     * {@code /internal/messages/**} only to a caller that sends it; at least 32 characters. Unset: that path answers
     * nothing.
     */
    private String secret;
    /** How long a peer may take to answer a query. */
    private Duration timeout = Duration.ofSeconds(10);

    public List<URI> getPeers() {
        return peers;
    }

    public void setPeers(List<URI> peers) {
        this.peers = List.copyOf(peers);
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        if (secret != null && secret.strip().length() < SECRET_LENGTH_MIN) {
            throw new IllegalArgumentException("tally.remote.secret must be at least " + SECRET_LENGTH_MIN
                                               + " characters: it is all that guards /internal/messages");
        }
        this.secret = secret;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tally.remote.timeout must be positive");
        }
        this.timeout = timeout;
    }

    boolean hasSecret() {
        return secret != null && !secret.isBlank();
    }
}
