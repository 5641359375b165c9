package dev.tally.command.settlement;

import dev.tally.kernel.lifecycle.Transitions;

import java.util.Set;

/**
 * The life of a settlement. {@link #TRANSITIONS} is the one place that says which state may follow
 * which; {@link Settlement} checks it before applying any event. Completed and failed are terminal.
 */
public enum SettlementStatus {
    /** Created with its fee split, the net not yet credited. */
    PENDING,
    /** The net was credited to the merchant (available balance, or paid out on chain). */
    COMPLETED,
    /** The net could not be credited. */
    FAILED,
    /** Its invoice lost a payment to a reorg: the settlement no longer stands (its credit, if any, is taken back). */
    REVERSED;

    private static final Transitions<SettlementStatus> TRANSITIONS = Transitions.of(SettlementStatus.class)
            .allow(PENDING, COMPLETED, FAILED, REVERSED)
            .allow(COMPLETED, REVERSED)
            .allow(FAILED)
            .allow(REVERSED)
            .build();

    public boolean canTransitionTo(SettlementStatus next) {
        return TRANSITIONS.allows(this, next);
    }

    public Set<SettlementStatus> allowedNext() {
        return TRANSITIONS.next(this);
    }

    /** No further state can follow. */
    public boolean isTerminal() {
        return TRANSITIONS.isTerminal(this);
    }
}
