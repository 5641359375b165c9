package dev.tally.platform.axon.deadletter;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import java.util.SortedMap;

/**
 * {@code DEGRADED} while any event is parked: everything else flows, but some merchant's view or side effect waits
 * for a person. The details (for the admin key) say how many, per group.
 */
public class DeadLetterHealth implements HealthIndicator {
    public static final Status DEGRADED = new Status("DEGRADED", "events are parked in the dead-letter queue");

    private final DeadLetters deadLetters;

    public DeadLetterHealth(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public Health health() {
        SortedMap<String, Long> counts = deadLetters.countsByGroup();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return (total == 0 ? Health.up() : Health.status(DEGRADED))
                .withDetail("deadLetters", total)
                .withDetail("groups", counts)
                .build();
    }
}
