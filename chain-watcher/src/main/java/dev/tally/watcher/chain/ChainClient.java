package dev.tally.watcher.chain;

import java.util.Optional;

/**
 * What a block scanner needs from one chain (Tron, an EVM chain, the sandbox): its head and its blocks by number,
 * with the token transfers they hold. Implementations only read; they decide nothing about which transfers count.
 */
public interface ChainClient {

    /** The number of the most recent block (0 when the chain has none yet). */
    long headNumber();

    /** The canonical block at {@code number} now, or empty if there is none (yet, or no longer kept). */
    Optional<ChainBlock> block(long number);
}
