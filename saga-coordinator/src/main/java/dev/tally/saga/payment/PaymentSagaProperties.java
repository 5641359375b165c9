package dev.tally.saga.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Objects;

/** Settings of the payment confirmation saga ({@code tally.payments.*}). */
@ConfigurationProperties("tally.payments")
public class PaymentSagaProperties {
    /** The longest stuck-after: beyond this it is a typo, and the operator would never hear of the payment. */
    static final Duration STUCK_AFTER_MAX = Duration.ofDays(7);

    /**
     * A payment not confirmed or failed this long after it was detected (or orphaned) is escalated to the operator,
     * once. Counted from the event's own time ({@code detectedAt}, {@code orphanedAt}), not from when the saga saw it.
     */
    private Duration stuckAfter = Duration.ofMinutes(30);

    public Duration getStuckAfter() {
        return stuckAfter;
    }

    public void setStuckAfter(Duration stuckAfter) {
        this.stuckAfter = requireBounded("tally.payments.stuck-after", stuckAfter);
    }

    private static Duration requireBounded(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.compareTo(STUCK_AFTER_MAX) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most " + STUCK_AFTER_MAX + ": " + value);
        }
        return value;
    }
}
