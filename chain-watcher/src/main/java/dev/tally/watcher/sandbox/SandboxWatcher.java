package dev.tally.watcher.sandbox;

import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.PaymentId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Produces the sandbox chain's blocks and reports them like the real watchers do: each transfer and its
 * confirmations at every new block until it is {@code confirmationDepth} deep. Reports repeat (downstream is
 * idempotent), so an observation that failed is simply delivered again with the next block.
 */
public class SandboxWatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SandboxWatcher.class);

    private final SandboxChain chain;
    private final ChainObservationPort observations;
    private final SandboxProperties properties;
    private final Clock clock;
    private ScheduledExecutorService blockProducer;

    public SandboxWatcher(SandboxChain chain, ChainObservationPort observations, SandboxProperties properties,
                          Clock clock) {
        this.chain = chain;
        this.observations = observations;
        this.properties = properties;
        this.clock = clock;
    }

    /** Produces one block and reports what a watcher would see. */
    public void tick() {
        Instant now = clock.instant();
        SandboxChain.Block head = chain.produceBlock(now);
        List<SandboxChain.Block> recent = chain.recentBlocks(properties.getConfirmationDepth());
        for (SandboxChain.Block block : recent) {
            int confirmations = (int) (head.number() - block.number() + 1);
            for (SandboxChain.Transfer transfer : block.transfers()) {
                try {
                    // The transfer itself every time (a no-op once known), so a report that failed is not lost.
                    observations.accept(new TransferObserved(transfer.chain(), transfer.txHash(), transfer.logIndex(),
                            SandboxChain.USDT_CONTRACT, transfer.from(), transfer.to(), transfer.amount(),
                            block.number(), block.hash(), now));
                    if (confirmations > 1) {
                        observations.accept(new ConfirmationsObserved(
                                PaymentId.of(transfer.chain(), transfer.txHash(), transfer.logIndex()), block.hash(),
                                confirmations, now));
                    }
                } catch (RuntimeException e) {
                    log.warn("Sandbox observation of {} not handled yet; it is reported again with the next block",
                             transfer.txHash(), e);
                }
            }
        }
    }

    @Override
    public synchronized void start() {
        blockProducer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sandbox-chain");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.getBlockInterval().toMillis();
        blockProducer.scheduleWithFixedDelay(this::tickSafely, interval, interval, TimeUnit.MILLISECONDS);
        log.warn("SANDBOX CHAIN is on: simulated blocks every {}, no real money (tally.sandbox.enabled)",
                 properties.getBlockInterval());
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("Sandbox block production failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (blockProducer != null) {
            blockProducer.shutdownNow();
            blockProducer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return blockProducer != null;
    }

    @Override
    public int getPhase() {
        // Start after Axon (its processors and buses) and stop before it.
        return Integer.MAX_VALUE - 100;
    }
}
