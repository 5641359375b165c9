package dev.tally.audit.chain;

import dev.tally.audit.AuditProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs {@link HashChain#linkPending()} every {@code tally.audit.link-interval}, until it has caught up. */
@Component
public class ChainLinker implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ChainLinker.class);

    private final HashChain chain;
    private final AuditProperties properties;
    private ScheduledExecutorService executor;

    public ChainLinker(HashChain chain, AuditProperties properties) {
        this.chain = chain;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (!properties.isChainEnabled() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tally-audit-chain");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.getLinkInterval().toMillis();
        executor.scheduleWithFixedDelay(this::linkUntilCaughtUp, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void linkUntilCaughtUp() {
        try {
            while (chain.linkPending() >= properties.getLinkBatchSize()) {
                // a full batch: there is probably more
            }
        } catch (RuntimeException e) {
            log.warn("Hash chain: linking failed, trying again in {}: {}", properties.getLinkInterval(), e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
