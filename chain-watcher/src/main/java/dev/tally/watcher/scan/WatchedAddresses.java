package dev.tally.watcher.scan;

import dev.tally.kernel.money.Chain;

import java.time.Instant;

/**
 * Which recipient addresses a scanner reports transfers to: the deposit addresses of open invoices and of those
 * inside their monitoring window. The real one ({@code dev.tally.watcher.addresses.WatchedAddressCache}) is fed from
 * invoice events; the sandbox watches everything.
 */
@FunctionalInterface
public interface WatchedAddresses {

    /**
     * Whether a transfer to {@code address} in a block of time {@code at} counts. Called for every transfer of every
     * block: must answer from memory.
     */
    boolean isWatched(Chain chain, String address, Instant at);

    /** Whether the addresses are known yet (a scanner waits until they are rather than miss a payment). */
    default boolean ready() {
        return true;
    }

    /**
     * Whether every invoice created up to {@code blockTime} is known, so that a block of that time can be scanned
     * without missing a transfer to its address; a scanner holds back a block it is not, and tries again. A block
     * without a time cannot be judged and is scanned.
     */
    default boolean covers(Instant blockTime) {
        return true;
    }

    /** Every address counts (the sandbox: only invoices' deposit addresses get paid there anyway). */
    static WatchedAddresses all() {
        return (chain, address, at) -> true;
    }
}
