package dev.tally.kernel.chain;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;

import java.time.Instant;

/**
 * A token transfer of a successful transaction to a watched address was seen: in the mempool
 * ({@code blockNumber}/{@code blockHash}/{@code blockTime} null) or in a block. {@code amount} is the value of the
 * transfer log, in base units of the configured token contract. A reverted transaction is never reported as a
 * transfer. {@code blockTime} is the block's own timestamp: when the customer paid, whenever the watcher saw it;
 * {@code observedAt} is when the watcher looked.
 */
public record TransferObserved(
        Chain chain,
        String txHash,
        int logIndex,
        String tokenContract,
        String from,
        String to,
        TokenAmount amount,
        Long blockNumber,
        String blockHash,
        Instant blockTime,
        Instant observedAt) implements ChainObservation {

    @JsonCreator
    public TransferObserved {
    }

    /** A transfer without a block time (the mempool, or a client that gives none). */
    public TransferObserved(Chain chain, String txHash, int logIndex, String tokenContract, String from, String to,
                            TokenAmount amount, Long blockNumber, String blockHash, Instant observedAt) {
        this(chain, txHash, logIndex, tokenContract, from, to, amount, blockNumber, blockHash, null, observedAt);
    }

    /** When the customer paid, as far as the chain says: the block's time, else when the watcher saw it. */
    public Instant paidAt() {
        return blockTime != null ? blockTime : observedAt;
    }

    @Override
    public PaymentId paymentId() {
        return PaymentId.of(chain, txHash, logIndex);
    }
}
