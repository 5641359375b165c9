package dev.tally.command.settlement;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
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

    private static final Map<SettlementStatus, Set<SettlementStatus>> TRANSITIONS =
            new EnumMap<>(SettlementStatus.class);

    static {
        allow(PENDING, COMPLETED, FAILED, REVERSED);
        allow(COMPLETED, REVERSED);
        allow(FAILED);
        allow(REVERSED);
    }

    private static void allow(SettlementStatus from, SettlementStatus... to) {
        TRANSITIONS.put(from, to.length == 0
                ? Collections.unmodifiableSet(EnumSet.noneOf(SettlementStatus.class))
                : Collections.unmodifiableSet(EnumSet.of(to[0], to)));
    }

    public boolean canTransitionTo(SettlementStatus next) {
        return TRANSITIONS.get(this).contains(next);
    }

    public Set<SettlementStatus> allowedNext() {
        return TRANSITIONS.get(this);
    }

    /** No further state can follow. */
    public boolean isTerminal() {
        return TRANSITIONS.get(this).isEmpty();
    }
}
