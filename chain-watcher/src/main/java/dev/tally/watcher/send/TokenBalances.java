package dev.tally.watcher.send;

/** Where sweeps read what a deposit address holds: a real chain's node, or the sandbox chain. */
@FunctionalInterface
public interface TokenBalances {
    /**
     * What {@code owner} holds of the token, in base units: in the newest final block (money no reorg can take), and
     * in the newest block.
     */
    ChainSender.TokenBalance tokenBalance(String owner);
}
