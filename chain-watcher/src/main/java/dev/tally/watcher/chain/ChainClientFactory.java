package dev.tally.watcher.chain;

/**
 * Connects {@link ChainClient}s of one kind of node ({@code tron} or {@code evm}). The watcher's configuration
 * picks the factory by {@link #type()} for each configured chain and connects one client per endpoint.
 */
public interface ChainClientFactory {

    /** The node kind this factory connects to, as written in {@code tally.chains.<name>.type}. */
    String type();

    /** A client for one endpoint. Connecting must not fail when the node is down: calls fail instead. */
    ChainClient connect(ChainEndpoint endpoint);
}
