package dev.tally.kernel.refund;

import org.axonframework.serialization.Revision;

/** The customer gave the address on the claim link. */
@Revision("1")
public record RefundAddressClaimed(RefundState refund) implements RefundEvent {
    @Override
    public String step() {
        return "address_claimed";
    }
}
