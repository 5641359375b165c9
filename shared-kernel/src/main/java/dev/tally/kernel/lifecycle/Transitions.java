package dev.tally.kernel.lifecycle;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which state of a lifecycle may follow which: the one table a status enum keeps, and the aggregates check before
 * applying an event. Every state has a row (a state no other may follow is terminal), so a state added without its
 * row fails when its enum loads, not when it is first reached.
 */
public final class Transitions<E extends Enum<E>> {
    private final Map<E, Set<E>> next;

    private Transitions(Map<E, Set<E>> next) {
        this.next = next;
    }

    public static <E extends Enum<E>> Builder<E> of(Class<E> type) {
        return new Builder<>(type);
    }

    public boolean allows(E from, E to) {
        return next.get(from).contains(to);
    }

    /** The states that may follow {@code from}. */
    public Set<E> next(E from) {
        return next.get(from);
    }

    /** Whether no state may follow {@code from}. */
    public boolean isTerminal(E from) {
        return next.get(from).isEmpty();
    }

    public static final class Builder<E extends Enum<E>> {
        private final Class<E> type;
        private final Map<E, Set<E>> next;

        private Builder(Class<E> type) {
            this.type = type;
            this.next = new EnumMap<>(type);
        }

        /** {@code to} may follow {@code from}; none for a terminal state. */
        @SafeVarargs
        public final Builder<E> allow(E from, E... to) {
            Set<E> allowed = EnumSet.noneOf(type);
            Collections.addAll(allowed, to);
            if (next.put(from, Collections.unmodifiableSet(allowed)) != null) {
                throw new IllegalStateException(type.getSimpleName() + "." + from + " has two rows");
            }
            return this;
        }

        public Transitions<E> build() {
            for (E state : type.getEnumConstants()) {
                if (!next.containsKey(state)) {
                    throw new IllegalStateException(type.getSimpleName() + "." + state + " has no row");
                }
            }
            return new Transitions<>(Collections.unmodifiableMap(new EnumMap<>(next)));
        }
    }
}
