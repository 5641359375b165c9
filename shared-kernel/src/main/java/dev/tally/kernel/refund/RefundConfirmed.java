package dev.tally.kernel.refund;

import org.axonframework.serialization.Revision;

/** The refund's transaction is final on chain: the customer has the money. */
@Revision("1")
public record RefundConfirmed(RefundState refund) implements RefundEvent {
    @Override
    public String step() {
        return "confirmed";
    }
}
