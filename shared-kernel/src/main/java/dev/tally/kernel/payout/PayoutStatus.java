package dev.tally.kernel.payout;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.tally.kernel.lifecycle.Transitions;

import java.util.Locale;

/**
 * The life of a payout. {@link #TRANSITIONS} is the one place that says which state may follow which; the Payout
 * aggregate checks it before applying an event, and every payout event carries the state it leads to.
 */
public enum PayoutStatus {
    /** Its amount is reserved from the available balance; nothing is on chain yet. */
    PENDING,
    /** Its transaction was built, stored and handed to the chain. */
    BROADCAST,
    /** Its transaction is final on chain: the money has left. Terminal. */
    CONFIRMED,
    /** Its transaction failed or never made it: the reserved money is available again. Terminal. */
    FAILED;

    private static final Transitions<PayoutStatus> TRANSITIONS = Transitions.of(PayoutStatus.class)
            .allow(PENDING, BROADCAST, FAILED)
            .allow(BROADCAST, CONFIRMED, FAILED)
            .allow(CONFIRMED)
            .allow(FAILED)
            .build();

    public boolean canTransitionTo(PayoutStatus next) {
        return TRANSITIONS.allows(this, next);
    }

    /** As the API shows it: {@code pending}, {@code broadcast}, {@code confirmed}, {@code failed}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
