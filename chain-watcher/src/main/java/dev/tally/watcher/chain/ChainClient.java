package dev.tally.watcher.chain;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a block scanner needs from one chain (Tron, an EVM chain, the sandbox): its head and its blocks by number,
 * with the token transfers they hold. Implementations only read; they decide nothing about which transfers count.
 * One client talks to one node endpoint; failover across endpoints wraps several clients.
 */
public interface ChainClient {

    /** The number of the most recent block (0 when the chain has none yet). */
    long headNumber();

    /** The canonical block at {@code number} now, or empty if there is none (yet, or no longer kept). */
    Optional<ChainBlock> block(long number);

    /**
     * The highest block the chain itself considers final (Tron: solidified; EVM: the {@code finalized} tag), or
     * empty where the node does not say.
     */
    default OptionalLong finalizedNumber() {
        return OptionalLong.empty();
    }
}
