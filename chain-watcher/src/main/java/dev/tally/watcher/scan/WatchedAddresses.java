package dev.tally.watcher.scan;

import dev.tally.kernel.money.Chain;

/**
 * Which recipient addresses a scanner reports transfers to: the deposit addresses of open invoices. The real one is
 * fed from invoice events; the sandbox watches everything.
 */
@FunctionalInterface
public interface WatchedAddresses {

    boolean isWatched(Chain chain, String address);

    /** Every address counts (the sandbox: only invoices' deposit addresses get paid there anyway). */
    static WatchedAddresses all() {
        return (chain, address) -> true;
    }
}
