package dev.tally.watcher.scan;

import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferFailed;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.chain.TransferOrphaned;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;
import dev.tally.watcher.chain.ChainTransfer;
import dev.tally.watcher.scan.ScannerStore.ReportedTransfer;
import dev.tally.watcher.scan.ScannerStore.StoredBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Follows one chain's head from a checkpoint, block by block (never skipping one), and reports what it sees to the
 * {@link ChainObservationPort}: transfers of successful transactions of the configured token contracts to watched
 * addresses (with their block's time), reverted ones as failed attempts (never as transfers),
 * confirmations until a transfer is {@code confirmationDepth} deep, and orphaned transfers when a reorg abandons
 * their block. A block's checkpoint, hash and reported transfers are stored only after its observations were
 * accepted, so a crash reports them again (at-least-once; downstream is idempotent by payment id).
 */
public class BlockScanner {
    private static final Logger log = LoggerFactory.getLogger(BlockScanner.class);
    private static final int MAX_REWINDS_PER_SCAN = 16;

    private final ChainClient chain;
    private final WatchedAddresses watched;
    private final ChainObservationPort observations;
    private final ScannerStore store;
    private final Settings settings;
    private final Clock clock;
    private final Set<String> tokenContracts;
    private volatile Progress progress = number -> { };
    private volatile ReadAhead ahead;
    /** The head and finalized height of the last confirmation report: nothing new, nothing to report. */
    private long confirmedAtHead = -1;
    private long confirmedAtFinalized = -1;

    /**
     * @param key               the scanner's key in the store (a chain code; "sandbox" for the sandbox chain)
     * @param tokenContracts    the token contracts whose transfers count; any other is ignored
     * @param confirmationDepth confirmations are reported until a transfer's block is this deep
     * @param keptBlocks        how many recent block hashes are kept: the deepest reorg that can be followed
     * @param firstBlock        where a scanner without a checkpoint starts; 0 = at the head
     * @param dustThreshold     base units below which a transfer to a watched address is recorded as ignored,
     *                          never reported (zero-value transfers always are)
     */
    public record Settings(String key, Set<String> tokenContracts, int confirmationDepth, int keptBlocks,
                           long firstBlock, long dustThreshold) {
        /** 0.01 USDT: the default of {@code tally.chains.dust-threshold}. */
        public static final long DEFAULT_DUST_THRESHOLD = 10_000;

        public Settings {
            Objects.requireNonNull(key, "key");
            tokenContracts = Set.copyOf(tokenContracts);
            if (confirmationDepth < 1) {
                throw new IllegalArgumentException("confirmationDepth must be at least 1");
            }
            if (keptBlocks < confirmationDepth) {
                throw new IllegalArgumentException("keptBlocks must be at least confirmationDepth");
            }
            if (firstBlock < 0) {
                throw new IllegalArgumentException("firstBlock must not be negative");
            }
            if (dustThreshold < 0) {
                throw new IllegalArgumentException("dustThreshold must not be negative");
            }
        }

        public Settings(String key, Set<String> tokenContracts, int confirmationDepth, int keptBlocks,
                        long firstBlock) {
            this(key, tokenContracts, confirmationDepth, keptBlocks, firstBlock, DEFAULT_DUST_THRESHOLD);
        }

        public static Settings of(String key, Set<String> tokenContracts, int confirmationDepth) {
            return new Settings(key, tokenContracts, confirmationDepth, Math.max(200, confirmationDepth), 0);
        }

        public Settings startingAt(long block) {
            return new Settings(key, tokenContracts, confirmationDepth, keptBlocks, block, dustThreshold);
        }

        public Settings withDustThreshold(long baseUnits) {
            return new Settings(key, tokenContracts, confirmationDepth, keptBlocks, firstBlock, baseUnits);
        }
    }

    /** Told the scanner's checkpoint after every block it processed and every rewind. */
    @FunctionalInterface
    public interface Progress {
        void checkpointAt(long blockNumber);
    }

    public BlockScanner(ChainClient chain, WatchedAddresses watched, ChainObservationPort observations,
                        ScannerStore store, Settings settings, Clock clock) {
        this.chain = chain;
        this.watched = watched;
        this.observations = observations;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.tokenContracts = settings.tokenContracts().stream().map(BlockScanner::normalize)
                                      .collect(Collectors.toUnmodifiableSet());
        this.ahead = new ReadAhead(chain, settings.key(), 0);
    }

    /**
     * Fetches up to {@code blocks} blocks ahead of the one being processed while catching up, so that the node's
     * round trips and the decoding of its answers overlap with the commit of each block (see {@link ReadAhead});
     * blocks are still processed one at a time, in order, each checked against its parent. 0 (the default) fetches
     * each block when it is processed.
     */
    public BlockScanner withReadAhead(int blocks) {
        this.ahead.close();
        this.ahead = new ReadAhead(chain, settings.key(), blocks);
        return this;
    }

    /** Stops the fetches of blocks ahead; called once the scan loop has stopped, before the client is closed. */
    public void stopReadingAhead() {
        ahead.close();
    }

    /**
     * Processes every block from the checkpoint up to the current head, then reports confirmations at the new head.
     * Throws if an observation was not accepted: the block is processed again by the next scan.
     *
     * @return how many blocks were processed (rewinds not counted)
     */
    public synchronized int scanOnce() {
        long head = chain.headNumber();
        StoredBlock checkpoint = store.checkpoint(settings.key()).orElse(null);
        int rewinds = 0;
        if (checkpoint != null) {
            Optional<ChainBlock> atCheckpoint = chain.block(checkpoint.number());
            if (atCheckpoint.isEmpty()) {
                // The node is behind our checkpoint (or no longer has it): wait for it.
                return 0;
            }
            if (!atCheckpoint.get().hash().equals(checkpoint.hash())) {
                checkpoint = rewind();
                rewinds++;
            }
        }
        long next = checkpoint != null ? checkpoint.number() + 1
                : settings.firstBlock() > 0 ? settings.firstBlock() : Math.max(1, head);
        int processed = 0;
        try {
            while (next <= head) {
                Optional<ChainBlock> fetched = ahead.block(next, head);
                if (fetched.isEmpty()) {
                    break;
                }
                ChainBlock block = fetched.get();
                if (checkpoint != null && !block.parentHash().equals(checkpoint.hash())) {
                    if (++rewinds > MAX_REWINDS_PER_SCAN) {
                        throw new IllegalStateException(settings.key() + " keeps reorganising; trying again later");
                    }
                    ahead.drop(); // fetched from the branch just left, or before the node switched: fetch again
                    checkpoint = rewind();
                    next = checkpoint.number() + 1;
                    continue;
                }
                if (!watched.covers(block.time())) {
                    // An invoice created before this block is not in the watched set yet: never skip its payment.
                    log.debug("{}: block {} held back until the watched addresses cover {}", settings.key(),
                              block.number(), block.time());
                    break;
                }
                process(block);
                checkpoint = new StoredBlock(block.number(), block.hash());
                next++;
                processed++;
            }
        } finally {
            ahead.drop();
        }
        if (checkpoint != null) {
            reportConfirmations(checkpoint.number());
        }
        return processed;
    }

    /** Forgets the checkpoint and everything stored for this scanner (a sandbox chain whose tables were emptied). */
    public void forget() {
        store.forget(settings.key());
        confirmedAtHead = -1;
    }

    /** Reports the checkpoint's moves to {@code progress} (health and metrics). */
    public BlockScanner onProgress(Progress progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    /** The last processed block, if any. */
    public OptionalLong checkpoint() {
        return store.checkpoint(settings.key()).map(b -> OptionalLong.of(b.number())).orElse(OptionalLong.empty());
    }

    public Settings settings() {
        return settings;
    }

    private void process(ChainBlock block) {
        Instant now = clock.instant();
        Instant blockTime = block.time() != null ? block.time() : now;
        List<PaymentId> reported = new ArrayList<>();
        List<IgnoredTransfer> ignored = new ArrayList<>();
        for (ChainTransfer transfer : block.transfers()) {
            if (!counts(transfer, blockTime)) {
                continue;
            }
            if (!transfer.succeeded()) {
                // A reverted transaction moved nothing: never a transfer, whatever an invoice's threshold. It is
                // recorded as a failed attempt; a payment already detected from it (in a mempool) fails.
                ignored.add(new IgnoredTransfer(transfer, IgnoredTransfer.Reason.REVERTED, block.number(),
                                                block.hash(), block.time()));
                observations.accept(new TransferFailed(PaymentId.of(transfer.chain(), transfer.txHash(),
                                                                    transfer.logIndex()), "transaction reverted", now));
                continue;
            }
            IgnoredTransfer.Reason dust = dust(transfer);
            if (dust != null) {
                // Recorded, never reported: it must not move an invoice (and zero-value spam must not even show).
                ignored.add(new IgnoredTransfer(transfer, dust, block.number(), block.hash(), block.time()));
                continue;
            }
            TransferObserved observed = new TransferObserved(transfer.chain(), transfer.txHash(), transfer.logIndex(),
                    transfer.tokenContract(), transfer.from(), transfer.to(), transfer.amount(), block.number(),
                    block.hash(), block.time(), now);
            observations.accept(observed);
            reported.add(observed.paymentId());
        }
        store.commitBlock(settings.key(), new StoredBlock(block.number(), block.hash()), reported, List.of(), ignored,
                          settings.keptBlocks(), now);
        progress.checkpointAt(block.number());
        if (!reported.isEmpty() || !ignored.isEmpty()) {
            log.debug("{} block {} {}: reported {}, ignored {}", settings.key(), block.number(), block.hash(),
                      reported, ignored.size());
        }
    }

    private boolean counts(ChainTransfer transfer, Instant blockTime) {
        return transfer.tokenContract() != null && tokenContracts.contains(normalize(transfer.tokenContract()))
               && transfer.to() != null && watched.isWatched(transfer.chain(), transfer.to(), blockTime);
    }

    private IgnoredTransfer.Reason dust(ChainTransfer transfer) {
        if (transfer.amount() == null || transfer.amount().isZero()) {
            return IgnoredTransfer.Reason.ZERO_VALUE;
        }
        return transfer.amount().baseUnits() < settings.dustThreshold()
                ? IgnoredTransfer.Reason.BELOW_DUST_THRESHOLD : null;
    }

    /**
     * Walks back to the fork point (the highest stored block the chain still has), reports the transfers of the
     * abandoned blocks as orphaned, then forgets those blocks and moves the checkpoint back.
     */
    private StoredBlock rewind() {
        StoredBlock forkPoint = null;
        for (StoredBlock stored : store.recentBlocks(settings.key())) {
            Optional<ChainBlock> now = chain.block(stored.number());
            if (now.isPresent() && now.get().hash().equals(stored.hash())) {
                forkPoint = stored;
                break;
            }
        }
        if (forkPoint == null) {
            throw new IllegalStateException(settings.key() + ": reorg deeper than the " + settings.keptBlocks()
                                            + " kept blocks; the scanner cannot find the fork point");
        }
        Instant now = clock.instant();
        List<ReportedTransfer> abandoned = store.reportedAbove(settings.key(), forkPoint.number());
        log.warn("{}: reorg, fork point is block {}; {} reported transfer(s) orphaned", settings.key(),
                 forkPoint.number(), abandoned.size());
        for (ReportedTransfer transfer : abandoned) {
            observations.accept(new TransferOrphaned(transfer.paymentId(), transfer.blockHash(), now));
        }
        store.rewind(settings.key(), forkPoint, now);
        progress.checkpointAt(forkPoint.number());
        confirmedAtHead = -1;
        return forkPoint;
    }

    /**
     * Reports the confirmations of the transfers not yet {@code confirmationDepth} deep, and of those not yet final,
     * with the chain's finality; only when the head or the finalized height moved since the last report. A transfer
     * is final only where the node says its block is: while it does not (no such notion, an error, a failover to a
     * node that cannot tell), nothing is called final, since a wrong verdict could not be undone. Once it says
     * again, every kept transfer is reported once more, so none misses its verdict.
     */
    private void reportConfirmations(long head) {
        long finalized = finalizedHeight();
        long above = finalized >= 0 ? Math.min(head - settings.confirmationDepth(), confirmedAtFinalized)
                                    : head - settings.confirmationDepth();
        List<ReportedTransfer> pending = store.reportedAbove(settings.key(), above);
        if (pending.isEmpty()) {
            confirmedAtHead = head;
            confirmedAtFinalized = finalized;
            return;
        }
        if (head == confirmedAtHead && finalized == confirmedAtFinalized) {
            return;
        }
        Instant now = clock.instant();
        boolean allAccepted = true;
        for (ReportedTransfer transfer : pending) {
            int confirmations = (int) (head - transfer.blockNumber() + 1);
            if (!transfer.succeeded() || confirmations < 2) {
                continue; // a failed transfer has nothing to confirm; the observation itself was the first one
            }
            boolean isFinal = finalized >= 0 && transfer.blockNumber() <= finalized;
            try {
                observations.accept(new ConfirmationsObserved(transfer.paymentId(), transfer.blockHash(),
                                                              confirmations, isFinal, now));
            } catch (RuntimeException e) {
                // The next block reports more confirmations anyway (and finality again: see below).
                allAccepted = false;
                log.warn("{}: confirmations of {} not handled yet; reported again with the next block",
                         settings.key(), transfer.paymentId(), e);
            }
        }
        confirmedAtHead = head;
        if (allAccepted) {
            // Only a finality every transfer was told of moves the window on.
            confirmedAtFinalized = finalized;
        }
    }

    /** The chain's finalized height, -1 when the node does not say or cannot tell now. */
    private long finalizedHeight() {
        try {
            return chain.finalizedNumber().orElse(-1);
        } catch (RuntimeException e) {
            log.debug("{}: finalized height unknown now: {}", settings.key(), e.toString());
            return -1;
        }
    }

    private static String normalize(String contract) {
        return contract.startsWith("0x") ? contract.toLowerCase(Locale.ROOT) : contract;
    }
}
