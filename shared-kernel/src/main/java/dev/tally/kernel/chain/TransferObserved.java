package dev.tally.kernel.chain;

import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;

import java.time.Instant;

/**
 * A token transfer to a watched address was seen: in the mempool ({@code blockNumber}/{@code blockHash} null) or in
 * a block. {@code amount} is the value of the transfer log, in base units of the configured token contract.
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
        Instant observedAt) implements ChainObservation {

    @Override
    public PaymentId paymentId() {
        return PaymentId.of(chain, txHash, logIndex);
    }
}
