package dev.tally.kernel.payout;

import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.money.NetworkFee;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The payout's transaction is final on chain, in block {@code blockNumber}. Confirming again changes nothing. */
public record ConfirmPayout(@TargetAggregateIdentifier PayoutId payoutId, String txHash, long blockNumber,
                            Instant at, NetworkFee networkFee) {
    /** Where the chain's fee is not Tally's to pay (the sandbox chain). */
    public ConfirmPayout(PayoutId payoutId, String txHash, long blockNumber, Instant at) {
        this(payoutId, txHash, blockNumber, at, null);
    }
}
