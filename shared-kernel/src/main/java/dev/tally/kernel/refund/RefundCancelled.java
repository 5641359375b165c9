package dev.tally.kernel.refund;

import org.axonframework.serialization.Revision;

/** The refund was cancelled, or its claim expired unclaimed: its money is the invoice's again. */
@Revision("1")
public record RefundCancelled(RefundState refund) implements RefundEvent {
    @Override
    public String step() {
        return "cancelled";
    }
}
