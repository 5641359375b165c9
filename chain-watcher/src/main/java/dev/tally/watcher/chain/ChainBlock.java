package dev.tally.watcher.chain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One block as a {@link ChainClient} sees it: linked to its parent by hash, with its token transfers in log order. */
public record ChainBlock(long number, String hash, String parentHash, Instant time, List<ChainTransfer> transfers) {
    public ChainBlock {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(parentHash, "parentHash");
        transfers = List.copyOf(transfers);
    }
}
