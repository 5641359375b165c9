package dev.tally.watcher.chain;

import dev.tally.kernel.money.Chain;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One node endpoint of one chain, as configured under {@code tally.chains.<name>}: what a
 * {@link ChainClientFactory} needs to connect a {@link ChainClient} to it.
 *
 * @param name           the configured chain's name (e.g. {@code tron}, {@code ethereum}); used in logs and metrics
 * @param chain          which chain the node serves
 * @param url            the node's address (Tron gRPC: {@code host:port}; EVM: the JSON-RPC URL)
 * @param callTimeout    the limit for one call to the node
 * @param tokenContracts the token contracts whose {@code Transfer} logs the client returns (others may be skipped
 *                       early); addresses in the chain's usual form (Tron base58, EVM 0x-hex)
 * @param apiKey         a key the node wants (TronGrid's {@code TRON-PRO-API-KEY}); null when none
 */
public record ChainEndpoint(String name, Chain chain, String url, Duration callTimeout, Set<String> tokenContracts,
                            String apiKey) {
    public ChainEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(callTimeout, "callTimeout");
        tokenContracts = Set.copyOf(tokenContracts);
    }
}
