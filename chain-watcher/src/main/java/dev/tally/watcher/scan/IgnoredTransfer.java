package dev.tally.watcher.scan;

import dev.tally.watcher.chain.ChainTransfer;

import java.time.Instant;

/**
 * A transfer to a watched address that is recorded but never reported as a transfer (never credited).
 *
 * @param blockTime the block's time, null where the client gives none
 */
public record IgnoredTransfer(ChainTransfer transfer, Reason reason, long blockNumber, String blockHash,
                              Instant blockTime) {

    public enum Reason {
        /** Zero value: {@code transferFrom} spam that makes a fake payment show up in wallets. */
        ZERO_VALUE,
        /** Below {@code tally.chains.dust-threshold}. */
        BELOW_DUST_THRESHOLD,
        /** The transaction reverted: a failed attempt that moved nothing. */
        REVERTED
    }
}
