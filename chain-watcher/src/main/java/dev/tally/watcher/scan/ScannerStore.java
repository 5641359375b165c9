package dev.tally.watcher.scan;

import dev.tally.kernel.ids.PaymentId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A block scanner's state in the {@code watcher} schema: checkpoint, recent block hashes, reported transfers. */
public class ScannerStore {
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    /** The leases that fence the chains this process scans under one (one per chain, the sandbox's included). */
    private final Map<String, ScannerLease> leases = new ConcurrentHashMap<>();

    public ScannerStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** From now on, every block of {@code lease.chain()} commits only while this process holds the lease. */
    public ScannerLease lease(String chain, String holder, Duration duration) {
        ScannerLease lease = new ScannerLease(jdbc, chain, holder, duration);
        leases.put(chain, lease);
        return lease;
    }

    private void fence(String chain) {
        ScannerLease lease = leases.get(chain);
        if (lease != null) {
            lease.fence();
        }
    }

    /** A processed block: number and hash. */
    public record StoredBlock(long number, String hash) {
    }

    /** A transfer reported as observed in a block. */
    public record ReportedTransfer(PaymentId paymentId, long blockNumber, String blockHash, boolean succeeded) {
    }

    public Optional<StoredBlock> checkpoint(String chain) {
        return jdbc.sql("SELECT block_number, block_hash FROM watcher.checkpoints WHERE chain = ?")
                   .param(chain)
                   .query((rs, n) -> new StoredBlock(rs.getLong(1), rs.getString(2)))
                   .optional();
    }

    /** The stored block hashes, newest first. */
    public List<StoredBlock> recentBlocks(String chain) {
        return jdbc.sql("SELECT block_number, block_hash FROM watcher.recent_blocks WHERE chain = ? "
                        + "ORDER BY block_number DESC")
                   .param(chain)
                   .query((rs, n) -> new StoredBlock(rs.getLong(1), rs.getString(2)))
                   .list();
    }

    /** The transfers reported in blocks above {@code blockNumber}, oldest block first. */
    public List<ReportedTransfer> reportedAbove(String chain, long blockNumber) {
        return jdbc.sql("SELECT payment_id, block_number, block_hash, succeeded FROM watcher.reported_transfers "
                        + "WHERE chain = ? AND block_number > ? ORDER BY block_number, payment_id")
                   .param(chain).param(blockNumber)
                   .query((rs, n) -> new ReportedTransfer(PaymentId.of(rs.getString(1)), rs.getLong(2),
                                                          rs.getString(3), rs.getBoolean(4)))
                   .list();
    }

    /**
     * Records a processed block in one transaction: its hash, the transfers reported in it, the checkpoint; and
     * forgets blocks and transfers that fell out of the window of {@code keptBlocks}.
     */
    public void commitBlock(String chain, StoredBlock block, List<PaymentId> reported, List<PaymentId> failed,
                            int keptBlocks, Instant now) {
        commitBlock(chain, block, reported, failed, List.of(), keptBlocks, now);
    }

    /** As above, also recording the transfers to watched addresses that were ignored (dust, zero value). */
    public void commitBlock(String chain, StoredBlock block, List<PaymentId> reported, List<PaymentId> failed,
                            List<IgnoredTransfer> ignored, int keptBlocks, Instant now) {
        Timestamp at = Timestamp.from(now);
        transactions.executeWithoutResult(status -> {
            fence(chain);
            jdbc.sql("INSERT INTO watcher.recent_blocks (chain, block_number, block_hash) VALUES (?, ?, ?) "
                     + "ON CONFLICT (chain, block_number) DO UPDATE SET block_hash = EXCLUDED.block_hash")
                .params(chain, block.number(), block.hash()).update();
            for (PaymentId payment : reported) {
                jdbc.sql("INSERT INTO watcher.reported_transfers "
                         + "(payment_id, chain, block_number, block_hash, succeeded, reported_at) "
                         + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (payment_id) DO UPDATE SET "
                         + "chain = EXCLUDED.chain, block_number = EXCLUDED.block_number, "
                         + "block_hash = EXCLUDED.block_hash, succeeded = EXCLUDED.succeeded, "
                         + "reported_at = EXCLUDED.reported_at")
                    .params(payment.value(), chain, block.number(), block.hash(), !failed.contains(payment), at)
                    .update();
            }
            for (IgnoredTransfer t : ignored) {
                // Idempotent on a re-scan; a reorg that moves the transfer to another block updates where it is.
                jdbc.sql("INSERT INTO watcher.ignored_transfer (chain, tx_hash, log_index, token_contract, "
                         + "from_address, to_address, asset, amount, reason, block_number, block_hash, block_time, "
                         + "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                         + "ON CONFLICT (chain, tx_hash, log_index) DO UPDATE SET "
                         + "block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash, "
                         + "block_time = EXCLUDED.block_time")
                    .params(t.transfer().chain().code(), t.transfer().txHash(), t.transfer().logIndex(),
                            t.transfer().tokenContract(), t.transfer().from(), t.transfer().to(),
                            t.transfer().amount() == null ? "USDT" : t.transfer().amount().asset().code(),
                            t.transfer().amount() == null ? 0 : t.transfer().amount().baseUnits(), t.reason().name(),
                            t.blockNumber(), t.blockHash(), t.blockTime() == null ? null : Timestamp.from(t.blockTime()),
                            at)
                    .update();
            }
            moveCheckpoint(chain, block, at);
            long oldestKept = block.number() - keptBlocks + 1;
            jdbc.sql("DELETE FROM watcher.recent_blocks WHERE chain = ? AND block_number < ?")
                .params(chain, oldestKept).update();
            jdbc.sql("DELETE FROM watcher.reported_transfers WHERE chain = ? AND block_number < ?")
                .params(chain, oldestKept).update();
        });
    }

    /** Forgets the blocks above the fork point and what was reported in them; the checkpoint goes back to it. */
    public void rewind(String chain, StoredBlock forkPoint, Instant now) {
        transactions.executeWithoutResult(status -> {
            fence(chain);
            jdbc.sql("DELETE FROM watcher.recent_blocks WHERE chain = ? AND block_number > ?")
                .params(chain, forkPoint.number()).update();
            jdbc.sql("DELETE FROM watcher.reported_transfers WHERE chain = ? AND block_number > ?")
                .params(chain, forkPoint.number()).update();
            moveCheckpoint(chain, forkPoint, Timestamp.from(now));
        });
    }

    /** Forgets everything about {@code chain} (a sandbox chain whose tables were emptied is scanned anew). */
    public void forget(String chain) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM watcher.recent_blocks WHERE chain = ?").param(chain).update();
            jdbc.sql("DELETE FROM watcher.reported_transfers WHERE chain = ?").param(chain).update();
            jdbc.sql("DELETE FROM watcher.checkpoints WHERE chain = ?").param(chain).update();
        });
    }

    private void moveCheckpoint(String chain, StoredBlock block, Timestamp at) {
        jdbc.sql("INSERT INTO watcher.checkpoints (chain, block_number, block_hash, updated_at) VALUES (?, ?, ?, ?) "
                 + "ON CONFLICT (chain) DO UPDATE SET block_number = EXCLUDED.block_number, "
                 + "block_hash = EXCLUDED.block_hash, updated_at = EXCLUDED.updated_at")
            .params(chain, block.number(), block.hash(), at).update();
    }
}
