package dev.tally.kernel.refund;

import org.axonframework.serialization.Revision;

/** The refund's transaction reverted: its money is still held, for a retry or a cancel. */
@Revision("1")
public record RefundFailed(RefundState refund) implements RefundEvent {
    @Override
    public String step() {
        return "failed";
    }
}
