package dev.tally.kernel.sweep;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.tally.kernel.lifecycle.Transitions;

import java.util.Locale;

/**
 * The life of a sweep. {@link #TRANSITIONS} is the one place that says which state may follow which; the Sweep
 * aggregate checks it before applying an event, and every sweep event carries the state it leads to.
 */
public enum SweepStatus {
    /** Decided: the deposit address holds at least the threshold in final money; nothing is on chain yet. */
    REQUESTED,
    /** Its transaction was signed, stored and handed to the chain. */
    BROADCAST,
    /** Its transaction is final on chain: the money is in the hot wallet. Terminal. */
    CONFIRMED,
    /** Its transaction failed or can never be mined: the money is still on the deposit address. Terminal. */
    FAILED;

    private static final Transitions<SweepStatus> TRANSITIONS = Transitions.of(SweepStatus.class)
            .allow(REQUESTED, BROADCAST, FAILED)
            .allow(BROADCAST, CONFIRMED, FAILED)
            .allow(CONFIRMED)
            .allow(FAILED)
            .build();

    public boolean canTransitionTo(SweepStatus next) {
        return TRANSITIONS.allows(this, next);
    }

    /** As the API shows it: {@code requested}, {@code broadcast}, {@code confirmed}, {@code failed}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
