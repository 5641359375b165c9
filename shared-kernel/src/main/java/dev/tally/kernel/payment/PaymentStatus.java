package dev.tally.kernel.payment;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a payment, with its one transition table: DETECTED → CONFIRMING (in a block) → CONFIRMED (threshold
 * reached) → FINALIZED (the chain made its block final); DETECTED/CONFIRMING → FAILED (reverted); CONFIRMING →
 * ORPHANED (its block left the chain before the threshold) and CONFIRMED → REVERSED (after it, before finality),
 * each → DETECTED (seen again) or FAILED. UNMATCHED is a transfer that belongs to no payable invoice: recorded for the
 * operator, never credited.
 */
public enum PaymentStatus {
    DETECTED,
    CONFIRMING,
    CONFIRMED,
    FINALIZED,
    REVERSED,
    FAILED,
    ORPHANED,
    UNMATCHED;

    private static final Map<PaymentStatus, Set<PaymentStatus>> TRANSITIONS = new EnumMap<>(PaymentStatus.class);

    static {
        TRANSITIONS.put(DETECTED, EnumSet.of(CONFIRMING, FAILED));
        TRANSITIONS.put(CONFIRMING, EnumSet.of(CONFIRMED, FAILED, ORPHANED));
        TRANSITIONS.put(ORPHANED, EnumSet.of(DETECTED, FAILED));
        TRANSITIONS.put(CONFIRMED, EnumSet.of(FINALIZED, REVERSED));
        TRANSITIONS.put(REVERSED, EnumSet.of(DETECTED, FAILED));
        TRANSITIONS.put(FINALIZED, EnumSet.noneOf(PaymentStatus.class));
        TRANSITIONS.put(FAILED, EnumSet.noneOf(PaymentStatus.class));
        TRANSITIONS.put(UNMATCHED, EnumSet.noneOf(PaymentStatus.class));
        TRANSITIONS.replaceAll((k, v) -> Collections.unmodifiableSet(v));
    }

    public boolean canTransitionTo(PaymentStatus next) {
        return TRANSITIONS.get(this).contains(next);
    }

    public boolean isTerminal() {
        return TRANSITIONS.get(this).isEmpty();
    }
}
