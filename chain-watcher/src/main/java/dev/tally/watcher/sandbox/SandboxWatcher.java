package dev.tally.watcher.sandbox;

import dev.tally.watcher.scan.BlockScanner;
import dev.tally.watcher.scan.ScannerLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Produces the sandbox chain's blocks and, after each, runs the {@link BlockScanner} over it, so the sandbox is
 * reported exactly like a real chain: each transfer once, then its confirmations at every new block until it is
 * {@code confirmationDepth} deep. A report that failed is delivered again with the next block (the scanner's
 * checkpoint does not move past a block whose observations were not accepted).
 * <p>
 * Nodes sharing the database share the chain; the one holding the sandbox's {@link ScannerLease} produces and scans
 * its blocks, the others stand by. The chain and the checkpoint are both in the database, so a restart goes on where
 * the last run stopped.
 */
public class SandboxWatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SandboxWatcher.class);

    private final SandboxChain chain;
    private final List<Runnable> followers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final BlockScanner scanner;
    /** Null where no other process shares the chain (a test's chain in memory). */
    private final ScannerLease lease;
    private final SandboxProperties properties;
    private final Clock clock;
    private ScheduledExecutorService blockProducer;
    /**
     * A simulated outage: blocks keep coming with their own times, the scanner does not look at them. Per node: with
     * several nodes, pause the one that holds the sandbox's lease.
     */
    private volatile boolean paused;
    private volatile boolean reconciled;

    /** Runs {@code follower} after each block is scanned (not while paused), under the sandbox's lease. */
    public void afterEachBlock(Runnable follower) {
        followers.add(follower);
    }

    public SandboxWatcher(SandboxChain chain, BlockScanner scanner, ScannerLease lease, SandboxProperties properties,
                          Clock clock) {
        this.chain = chain;
        this.scanner = scanner;
        this.lease = lease;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Produces one block and scans it (and any block the scanner has not processed yet), unless paused; nothing
     * while another node holds the sandbox's lease. Blocks the scanner has not processed are kept, however far
     * behind it is.
     */
    public void tick() {
        if (lease != null && !lease.holdOrTake()) {
            return;
        }
        if (!reconciled) {
            reconcile();
            reconciled = true;
        }
        chain.produceBlock(clock.instant(), checkpoint());
        if (paused) {
            return;
        }
        try {
            scanner.scanOnce();
        } catch (RuntimeException e) {
            log.warn("Sandbox observations not handled yet; they are reported again with the next block", e);
        }
        for (Runnable follower : followers) {
            try {
                follower.run();
            } catch (RuntimeException e) {
                log.warn("Sandbox transactions not followed yet; followed again after the next block", e);
            }
        }
    }

    /** Under the lease, once: a chain that lost blocks its scanner had processed (its tables emptied) is scanned anew. */
    private void reconcile() {
        long checkpoint = checkpoint();
        long head = chain.headNumber();
        if (checkpoint > head) {
            log.warn("The sandbox chain's head {} is below its scanner's checkpoint {}: scanning it from its start",
                     head, checkpoint);
            scanner.forget();
        }
    }

    @Override
    public synchronized void start() {
        reconciled = false;
        blockProducer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sandbox-chain");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.getBlockInterval().toMillis();
        blockProducer.scheduleWithFixedDelay(this::tickSafely, interval, interval, TimeUnit.MILLISECONDS);
        log.warn("TEST MODE is on: the sandbox chain pays test invoices, a block every {}, no real money "
                 + "(tally.sandbox.enabled)",
                 properties.getBlockInterval());
    }

    /** Stops scanning, as a node or watcher outage would: blocks go on being produced. */
    public void pause() {
        paused = true;
        log.warn("Sandbox watcher paused: blocks are produced but not scanned until it resumes");
    }

    /** Scans again from the checkpoint: every block produced meanwhile, with its own time. */
    public void resume() {
        paused = false;
        log.info("Sandbox watcher resumed");
    }

    public boolean isPaused() {
        return paused;
    }

    /** The last block the scanner processed (0 before the first). */
    public long checkpoint() {
        return scanner.checkpoint().orElse(0);
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
            try {
                // A tick under way could take the lease again after the release below.
                blockProducer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            blockProducer = null;
        }
        if (lease != null && lease.held()) {
            try {
                lease.release();
            } catch (RuntimeException e) {
                log.warn("Could not release the sandbox lease; another node takes over when it expires", e);
            }
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
