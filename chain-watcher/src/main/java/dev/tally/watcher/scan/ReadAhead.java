package dev.tally.watcher.scan;

import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scanner's blocks, fetched up to {@code depth} blocks ahead of the one it asks for, each on a thread of its own:
 * the node's answers and their decoding overlap with the processing and commit of the blocks before. What it hands
 * out is what the node answered for that number when it was fetched. The scanner still checks every block against its
 * parent: blocks fetched from a branch the node has since left agree with one another and are processed as that
 * branch, exactly as if the node had switched just after the scanner read them; the next block or the next scan's
 * check of the checkpoint finds the switch, and the scanner rewinds and orphans them like any reorganisation.
 * {@link #drop()} forgets what was fetched ahead (after a rewind, and at the end of a scan). Depth 0 fetches each
 * block when asked. Used by the scanner's thread only; {@link #close()} stops the fetches.
 */
final class ReadAhead {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ChainClient chain;
    private final int depth;
    private final ThreadPoolExecutor threads;
    private final TreeMap<Long, Future<Optional<ChainBlock>>> fetched = new TreeMap<>();

    ReadAhead(ChainClient chain, String key, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("read-ahead must not be negative");
        }
        this.chain = chain;
        this.depth = depth;
        if (depth == 0) {
            this.threads = null;
            return;
        }
        AtomicInteger count = new AtomicInteger();
        String name = "chain-scanner-" + key + "-ahead-" + POOLS.incrementAndGet() + "-";
        this.threads = new ThreadPoolExecutor(depth, depth, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, name + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Block {@code number} as the node answered it, having asked for the blocks after it up to {@code head}, at most
     * {@code depth} of them. A failed fetch throws its failure here; an interrupted wait throws
     * {@link IllegalStateException}.
     */
    Optional<ChainBlock> block(long number, long head) {
        if (threads == null) {
            return chain.block(number);
        }
        Map<Long, Future<Optional<ChainBlock>>> passed = fetched.headMap(number);
        passed.values().forEach(f -> f.cancel(false));
        passed.clear();
        for (long ahead = number; ahead <= Math.min(head, number + depth); ahead++) {
            long n = ahead;
            fetched.computeIfAbsent(n, k -> threads.submit(() -> chain.block(n)));
        }
        Future<Optional<ChainBlock>> block = fetched.remove(number);
        if (block == null) {
            return chain.block(number); // above the head: asked for on its own, as without read-ahead
        }
        try {
            return block.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop();
            throw new IllegalStateException("interrupted while fetching block " + number, e);
        }
    }

    /** Forgets the blocks fetched ahead; fetches still running finish on their own, unread. */
    void drop() {
        fetched.values().forEach(f -> f.cancel(false));
        fetched.clear();
    }

    /** Stops the fetches (interrupting those running): before the chain's client is closed. */
    void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
