package dev.tally.kernel.payout;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    private static final Map<PayoutStatus, Set<PayoutStatus>> TRANSITIONS = new EnumMap<>(PayoutStatus.class);

    static {
        allow(PENDING, BROADCAST, FAILED);
        allow(BROADCAST, CONFIRMED, FAILED);
        allow(CONFIRMED);
        allow(FAILED);
    }

    private static void allow(PayoutStatus from, PayoutStatus... to) {
        TRANSITIONS.put(from, to.length == 0
                ? Collections.unmodifiableSet(EnumSet.noneOf(PayoutStatus.class))
                : Collections.unmodifiableSet(EnumSet.of(to[0], to)));
    }

    public boolean canTransitionTo(PayoutStatus next) {
        return TRANSITIONS.get(this).contains(next);
    }

    public boolean isTerminal() {
        return TRANSITIONS.get(this).isEmpty();
    }

    /** As the API shows it: {@code pending}, {@code broadcast}, {@code confirmed}, {@code failed}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
