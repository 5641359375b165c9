package dev.tally.watcher.evm;

import dev.tally.kernel.money.Chain;
import dev.tally.watcher.chain.ChainClientFactory;
import dev.tally.watcher.chain.ChainEndpoint;

/** Connects {@link EvmChainClient}s: {@code tally.chains.<name>.type: evm}. */
public class EvmChainClientFactory implements ChainClientFactory {
    public static final String TYPE = "evm";

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * @throws IllegalArgumentException for a chain that is not an EVM chain, a URL that is not http(s), or a token
     *                                  contract that is not an EVM address; never because the node is down
     */
    @Override
    public EvmChainClient connect(ChainEndpoint endpoint) {
        if (endpoint.chain() == Chain.TRON) {
            // Tron's JSON-RPC speaks EVM, but Tally's Tron addresses are base58: use the tron type for Tron.
            throw new IllegalArgumentException(endpoint.name() + ": chain tron needs type tron, not " + TYPE);
        }
        return new EvmChainClient(endpoint);
    }
}
