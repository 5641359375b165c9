package dev.tally.watcher.send;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tally.platform.axon.deadletter.DeadLetterHealth;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code liveTransfers} health component: {@code DEGRADED} (still serving) while a live payout's or refund's
 * signed transaction has been refused by its node for longer than {@code tally.money-out.stuck-after} (the hot wallet
 * short of gas or tokens, most often). The details (for the admin key) name the transfers, since when, and why.
 */
public class LiveTransfersHealth implements HealthIndicator {
    private final LiveTransfers transfers;
    private final Duration stuckAfter;

    public LiveTransfersHealth(LiveTransfers transfers, Duration stuckAfter) {
        this.transfers = transfers;
        this.stuckAfter = stuckAfter;
    }

    @Override
    public Health health() {
        List<Map<String, Object>> stuck = transfers.failingFor(stuckAfter);
        return (stuck.isEmpty() ? Health.up() : Health.status(DeadLetterHealth.DEGRADED))
                .withDetail("stuck", stuck)
                .build();
    }
}
