package dev.tally.kernel.chain;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.PaymentId;

import java.time.Instant;

/**
 * The block holding the transfer has {@code confirmations} confirmations (1 = just included). {@code finalized} is
 * true when the chain itself declares the block final (Tron: solidified; EVM: at or below the {@code finalized}
 * block); false when it does not (yet), or the node does not say.
 */
public record ConfirmationsObserved(PaymentId paymentId, String blockHash, int confirmations, boolean finalized,
                                    Instant observedAt) implements ChainObservation {

    @JsonCreator
    public ConfirmationsObserved {
    }

    /** Confirmations without a finality verdict. */
    public ConfirmationsObserved(PaymentId paymentId, String blockHash, int confirmations, Instant observedAt) {
        this(paymentId, blockHash, confirmations, false, observedAt);
    }
}
