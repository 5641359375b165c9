package dev.tally.watcher.config;

import dev.tally.kernel.invoice.ConfirmationPolicy;
import dev.tally.kernel.money.Chain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One watched chain with every default applied and every value checked: what the watcher runs on.
 *
 * @param name              the entry's name under {@code tally.chains}; also the scanner's key and the metrics tag
 * @param type              the node kind, the {@code ChainClientFactory} type that connects to it
 * @param endpoints         preferred first
 * @param confirmationDepth confirmations are reported until a transfer's block is this deep
 * @param keptBlocks        recent block hashes kept (the deepest reorg that can be followed)
 * @param firstBlock        where a scanner without a checkpoint starts; 0 = at the head
 * @param maxLag            health is DOWN beyond this many blocks behind the head
 */
public record ChainSettings(String name, String type, Chain chain, boolean enabled, List<Endpoint> endpoints,
                            Duration callTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                            int failoverAfter, Duration failbackAfter, Set<String> tokenContracts,
                            int confirmationDepth, int keptBlocks, Duration pollInterval, long firstBlock,
                            long maxLag) {

    /** Tron mainnet USDT (TRC-20). */
    public static final String TRON_USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    /** Ethereum mainnet USDT (ERC-20). */
    public static final String ETHEREUM_USDT = "0xdAC17F958D2ee523a2206206994597C13D831ec7";

    /** One node endpoint; {@code apiKey} null when the node wants none. */
    public record Endpoint(String url, String apiKey) {
        @Override
        public String toString() {
            return url; // never the key
        }
    }

    public ChainSettings {
        endpoints = List.copyOf(endpoints);
        tokenContracts = Set.copyOf(tokenContracts);
    }

    /**
     * Applies the defaults of the chain to what was configured and checks the result.
     *
     * @throws ChainConfigurationException naming the property and what is wrong with it
     */
    public static ChainSettings resolve(String name, ChainProperties p) {
        String prefix = "tally.chains." + name;
        Chain chain = p.getChain() != null ? p.getChain() : Chain.fromCode(name).orElseThrow(
                () -> new ChainConfigurationException(prefix + ".chain", "is required (tron or ethereum): the entry's "
                                                                         + "name '" + name + "' is not a chain"));
        String type = p.getType() != null && !p.getType().isBlank() ? p.getType().trim().toLowerCase(Locale.ROOT)
                : defaultType(chain);
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < p.getEndpoints().size(); i++) {
            ChainProperties.Endpoint e = p.getEndpoints().get(i);
            if (e == null || e.getUrl() == null || e.getUrl().isBlank()) {
                throw new ChainConfigurationException(prefix + ".endpoints[" + i + "].url", "is required");
            }
            String key = e.getApiKey() == null || e.getApiKey().isBlank() ? null : e.getApiKey().trim();
            endpoints.add(new Endpoint(e.getUrl().trim(), key));
        }
        if (p.isEnabled() && endpoints.isEmpty()) {
            throw new ChainConfigurationException(prefix + ".endpoints",
                    "has no node endpoint: give at least one (" + prefix + ".endpoints[0].url=...)");
        }
        Duration callTimeout = positive(prefix + ".call-timeout", p.getCallTimeout(), Duration.ofSeconds(10));
        int maxAttempts = range(prefix + ".retry.max-attempts", p.getRetry().getMaxAttempts(), 3, 1, 100);
        Duration initialBackoff = positive(prefix + ".retry.initial-backoff", p.getRetry().getInitialBackoff(),
                                           Duration.ofMillis(500));
        Duration maxBackoff = positive(prefix + ".retry.max-backoff", p.getRetry().getMaxBackoff(),
                                       Duration.ofSeconds(10));
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ChainConfigurationException(prefix + ".retry.max-backoff",
                                                  "must not be shorter than retry.initial-backoff");
        }
        int failoverAfter = range(prefix + ".failover-after", p.getFailoverAfter(), 3, 1, 1000);
        Duration failbackAfter = positive(prefix + ".failback-after", p.getFailbackAfter(), Duration.ofMinutes(1));
        Set<String> contracts = p.getTokenContracts() == null || p.getTokenContracts().isEmpty()
                ? Set.of(defaultUsdt(chain)) : Set.copyOf(p.getTokenContracts());
        int depth = range(prefix + ".confirmation-depth", p.getConfirmationDepth(), ConfirmationPolicy.MAX_OVERRIDE,
                          1, 10_000);
        int kept = range(prefix + ".kept-blocks", p.getKeptBlocks(), Math.max(200, depth), 1, 1_000_000);
        if (kept < depth) {
            throw new ChainConfigurationException(prefix + ".kept-blocks",
                                                  "must be at least confirmation-depth (" + depth + ")");
        }
        Duration poll = positive(prefix + ".poll-interval", p.getPollInterval(),
                                 chain == Chain.TRON ? Duration.ofSeconds(3) : Duration.ofSeconds(12));
        if (p.getFirstBlock() < 0) {
            throw new ChainConfigurationException(prefix + ".first-block", "must not be negative (0 = at the head)");
        }
        long maxLag = p.getMaxLag() != null ? p.getMaxLag() : chain == Chain.TRON ? 100 : 25;
        if (maxLag < 0) {
            throw new ChainConfigurationException(prefix + ".max-lag", "must not be negative");
        }
        return new ChainSettings(name, type, chain, p.isEnabled(), endpoints, callTimeout, maxAttempts,
                                 initialBackoff, maxBackoff, failoverAfter, failbackAfter, contracts, depth, kept,
                                 poll, p.getFirstBlock(), maxLag);
    }

    static String defaultType(Chain chain) {
        return chain == Chain.TRON ? "tron" : "evm";
    }

    static String defaultUsdt(Chain chain) {
        return chain == Chain.TRON ? TRON_USDT : ETHEREUM_USDT;
    }

    private static Duration positive(String property, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new ChainConfigurationException(property, "must be positive, not " + value);
        }
        return value;
    }

    private static int range(String property, Integer value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw new ChainConfigurationException(property, "must be " + min + " to " + max + ", not " + value);
        }
        return value;
    }
}
