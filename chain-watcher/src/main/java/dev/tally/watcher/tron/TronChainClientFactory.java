package dev.tally.watcher.tron;

import dev.tally.watcher.chain.ChainClientFactory;
import dev.tally.watcher.chain.ChainEndpoint;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Connects {@link TronChainClient}s ({@code tally.chains.<name>.type=tron}) and closes their channels when the
 * application stops.
 */
public class TronChainClientFactory implements ChainClientFactory, AutoCloseable {
    public static final String TYPE = "tron";

    private final List<TronChainClient> connected = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * A client for the endpoint; no connection is made until its first call.
     *
     * @throws IllegalArgumentException when the endpoint is misconfigured (see {@link TronChainClient})
     */
    @Override
    public TronChainClient connect(ChainEndpoint endpoint) {
        TronChainClient client = new TronChainClient(endpoint);
        connected.add(client);
        return client;
    }

    @Override
    public void close() {
        for (TronChainClient client : connected) {
            client.close();
        }
        connected.clear();
    }
}
