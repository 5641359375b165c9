package dev.tally.watcher.chain;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;

/**
 * One token {@code Transfer} log of a block. {@code succeeded} is false when the transaction's receipt is not
 * successful (reverted): the transfer moved nothing.
 */
public record ChainTransfer(Chain chain, String txHash, int logIndex, String tokenContract, String from, String to,
                            TokenAmount amount, boolean succeeded) {
}
