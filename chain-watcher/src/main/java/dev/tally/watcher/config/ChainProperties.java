package dev.tally.watcher.config;

import dev.tally.kernel.money.Chain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One watched chain as written under {@code tally.chains.<name>} (bound by {@link ChainWatcherProperties}). Unset
 * values take the chain's defaults in {@link ChainSettings#resolve}.
 */
public class ChainProperties {
    /** The node kind: {@code tron} or {@code evm} (the type of a registered ChainClientFactory). */
    private String type;
    /** Which chain: {@code tron} or {@code ethereum}; defaults to the entry's name when that is a chain. */
    private Chain chain;
    /** Scan this chain. */
    private boolean enabled = true;
    /** The node endpoints, preferred first. */
    private List<Endpoint> endpoints = new ArrayList<>();
    /** The limit for one call to a node. */
    private Duration callTimeout;
    /** Retries of a failed call, with exponential back-off. */
    private final Retry retry = new Retry();
    /** An endpoint whose last this-many calls all failed is skipped in favour of the next one. */
    private Integer failoverAfter;
    /** A skipped endpoint is tried again after this long; back to it if it answers. */
    private Duration failbackAfter;
    /** The token contracts whose Transfer logs count; default: the chain's USDT. */
    private Set<String> tokenContracts = new LinkedHashSet<>();
    /** Confirmations are reported until a transfer's block is this deep. */
    private Integer confirmationDepth;
    /** Recent block hashes kept: the deepest reorg the scanner can follow. */
    private Integer keptBlocks;
    /** Time between scans (each scan follows the head to its end). */
    private Duration pollInterval;
    /** Where a scanner without a checkpoint starts; 0 = at the current head. */
    private long firstBlock = 0;
    /** Health is DOWN when the scanner is more than this many blocks behind the head. */
    private Long maxLag;

    public static class Endpoint {
        /** Tron gRPC {@code host:port}; EVM JSON-RPC URL. */
        private String url;
        /** A key the node wants (TronGrid's TRON-PRO-API-KEY); none by default. */
        private String apiKey;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }
    }

    public static class Retry {
        /** Attempts per call, the first included. */
        private Integer maxAttempts;
        /** The wait before the first retry; doubled for each further one. */
        private Duration initialBackoff;
        /** The longest wait between attempts. */
        private Duration maxBackoff;

        public Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public Chain getChain() {
        return chain;
    }

    public void setChain(Chain chain) {
        this.chain = chain;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<Endpoint> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(List<Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    public Duration getCallTimeout() {
        return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    public Retry getRetry() {
        return retry;
    }

    public Integer getFailoverAfter() {
        return failoverAfter;
    }

    public void setFailoverAfter(Integer failoverAfter) {
        this.failoverAfter = failoverAfter;
    }

    public Duration getFailbackAfter() {
        return failbackAfter;
    }

    public void setFailbackAfter(Duration failbackAfter) {
        this.failbackAfter = failbackAfter;
    }

    public Set<String> getTokenContracts() {
        return tokenContracts;
    }

    public void setTokenContracts(Set<String> tokenContracts) {
        this.tokenContracts = tokenContracts;
    }

    public Integer getConfirmationDepth() {
        return confirmationDepth;
    }

    public void setConfirmationDepth(Integer confirmationDepth) {
        this.confirmationDepth = confirmationDepth;
    }

    public Integer getKeptBlocks() {
        return keptBlocks;
    }

    public void setKeptBlocks(Integer keptBlocks) {
        this.keptBlocks = keptBlocks;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public long getFirstBlock() {
        return firstBlock;
    }

    public void setFirstBlock(long firstBlock) {
        this.firstBlock = firstBlock;
    }

    public Long getMaxLag() {
        return maxLag;
    }

    public void setMaxLag(Long maxLag) {
        this.maxLag = maxLag;
    }
}
