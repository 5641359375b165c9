package dev.tally.kernel.payment;

import dev.tally.kernel.lifecycle.Transitions;

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

    private static final Transitions<PaymentStatus> TRANSITIONS = Transitions.of(PaymentStatus.class)
            .allow(DETECTED, CONFIRMING, FAILED)
            .allow(CONFIRMING, CONFIRMED, FAILED, ORPHANED)
            .allow(ORPHANED, DETECTED, FAILED)
            .allow(CONFIRMED, FINALIZED, REVERSED)
            .allow(REVERSED, DETECTED, FAILED)
            .allow(FINALIZED)
            .allow(FAILED)
            .allow(UNMATCHED)
            .build();

    public boolean canTransitionTo(PaymentStatus next) {
        return TRANSITIONS.allows(this, next);
    }

    public boolean isTerminal() {
        return TRANSITIONS.isTerminal(this);
    }
}
