package dev.tally.kernel.refund;

import org.axonframework.serialization.Revision;

/** The refund is to be paid to its address (again, after a failed attempt). */
@Revision("1")
public record RefundApproved(RefundState refund) implements RefundEvent {
    @Override
    public String step() {
        return "approved";
    }
}
