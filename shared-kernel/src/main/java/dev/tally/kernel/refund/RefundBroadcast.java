package dev.tally.kernel.refund;

import org.axonframework.serialization.Revision;

/** The refund's transaction was built, stored and handed to the chain. */
@Revision("1")
public record RefundBroadcast(RefundState refund) implements RefundEvent {
    @Override
    public String step() {
        return "broadcast";
    }
}
