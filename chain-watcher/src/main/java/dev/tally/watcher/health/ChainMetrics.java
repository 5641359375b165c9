package dev.tally.watcher.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Micrometer gauges per watched chain, tagged {@code chain=<name>}: head, last processed block, lag in blocks. */
public final class ChainMetrics {
    public static final String HEAD = "tally.chain.head.block";
    public static final String PROCESSED = "tally.chain.processed.block";
    public static final String LAG = "tally.chain.lag.blocks";

    private ChainMetrics() {
    }

    public static void register(MeterRegistry registry, ChainStatus status) {
        Gauge.builder(HEAD, status, ChainStatus::headGauge).tag("chain", status.name())
             .description("The chain's most recent block number").strongReference(true).register(registry);
        Gauge.builder(PROCESSED, status, ChainStatus::processedGauge).tag("chain", status.name())
             .description("The last block the watcher processed").strongReference(true).register(registry);
        Gauge.builder(LAG, status, ChainStatus::lagGauge).tag("chain", status.name())
             .description("How many blocks the watcher is behind the head").strongReference(true).register(registry);
    }
}
