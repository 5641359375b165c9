package dev.tally.kernel.refund;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.tally.kernel.lifecycle.Transitions;

import java.util.Locale;

/**
 * The life of a refund. {@link #TRANSITIONS} is the one place that says which state may follow which; the Refund
 * aggregate checks it before applying an event, and every refund event carries the state it leads to.
 */
public enum RefundStatus {
    /** Its money is held; the customer has not yet given an address on the claim page. */
    AWAITING_ADDRESS,
    /** The customer gave an address; the merchant has not yet approved paying it. */
    AWAITING_APPROVAL,
    /** To be paid to its address: its transaction is being built. */
    APPROVED,
    /** Its transaction was built, stored and handed to the chain. */
    BROADCAST,
    /** Its transaction is final on chain: the customer has the money. Terminal. */
    CONFIRMED,
    /**
     * Its transaction reverted, or never made it (the signer refused it, or another took its nonce): the money is
     * still held, for a retry or a cancel.
     */
    FAILED,
    /** Cancelled by the merchant, or its claim expired unclaimed: the held money is the invoice's again. Terminal. */
    CANCELLED;

    private static final Transitions<RefundStatus> TRANSITIONS = Transitions.of(RefundStatus.class)
            .allow(AWAITING_ADDRESS, AWAITING_APPROVAL, APPROVED, CANCELLED)
            .allow(AWAITING_APPROVAL, APPROVED, CANCELLED)
            .allow(APPROVED, BROADCAST, FAILED)
            .allow(BROADCAST, CONFIRMED, FAILED)
            .allow(FAILED, APPROVED, CANCELLED)
            .allow(CONFIRMED)
            .allow(CANCELLED)
            .build();

    public boolean canTransitionTo(RefundStatus next) {
        return TRANSITIONS.allows(this, next);
    }

    /** As the API shows it: {@code awaiting_address}, {@code approved}, … */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
