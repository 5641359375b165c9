package dev.tally.kernel.refund;

import org.axonframework.serialization.Revision;

/** A refund, holding its money, waiting for the customer's address or already approved. */
@Revision("1")
public record RefundCreated(RefundState refund) implements RefundEvent {
    @Override
    public String step() {
        return "created";
    }
}
