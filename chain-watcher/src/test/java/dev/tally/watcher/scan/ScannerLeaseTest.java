package dev.tally.watcher.scan;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import dev.tally.platform.test.TestDatabase;
import dev.tally.watcher.health.ChainStatus;
import dev.tally.watcher.sandbox.SandboxChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Prevents two watcher processes scanning one chain at once (one's rewind deleting rows the other needs): two
 * "processes" — each its own connection pool, store, scanner and loop — watch the same node and database. One scans,
 * the other stands by; when the scanning one dies (its database connections gone, its lease never released), the
 * other takes over once the lease expires, and no payment goes unreported.
 */
class ScannerLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final TestDatabase database = TestDatabase.create();
    private final SandboxChain node = new SandboxChain();
    private final List<Process> processes = new ArrayList<>();

    /** One watcher process. */
    private final class Process implements ChainObservationPort {
        final HikariDataSource pool = new HikariDataSource();
        final List<PaymentId> reported = new CopyOnWriteArrayList<>();
        final ChainStatus status = new ChainStatus("testnet", "tron", 1000);
        final ScannerStore store;
        final ScannerLease lease;
        final ChainScanLoop loop;

        Process(String holder) {
            pool.setJdbcUrl(database.url());
            pool.setUsername(database.user());
            pool.setPassword(database.password());
            pool.setMaximumPoolSize(2);
            store = new ScannerStore(pool);
            lease = store.lease("testnet", holder, LEASE);
            BlockScanner scanner = new BlockScanner(node, WatchedAddresses.all(), this, store,
                    BlockScanner.Settings.of("testnet", Set.of(SandboxChain.USDT_CONTRACT), 3), Clock.systemUTC());
            loop = new ChainScanLoop("testnet", scanner, WatchedAddresses.all(), Duration.ofMillis(50), status,
                                     Clock.systemUTC(), lease);
            processes.add(this);
        }

        @Override
        public void accept(ChainObservation observation) {
            if (observation instanceof TransferObserved transfer) {
                reported.add(transfer.paymentId());
            }
        }

        /** Dies: its connections are gone, so it can neither renew nor release its lease. */
        void die() {
            pool.close();
        }
    }

    @BeforeEach
    void schema() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(database.url());
            pool.setUsername(database.user());
            pool.setPassword(database.password());
            new SchemaMigrations(pool, List.of(new ModuleSchema("watcher", 30))).afterPropertiesSet();
        }
    }

    @AfterEach
    void stop() {
        processes.forEach(p -> {
            p.loop.stop();
            p.pool.close();
        });
        database.close();
    }

    @Test
    void oneProcessScansTheOtherStandsByAndTakesOverWhenItDies() {
        Process a = new Process("process-a");
        a.loop.start();
        PaymentId first = pay();
        await().atMost(PATIENCE).until(() -> a.reported.contains(first));
        Process b = new Process("process-b");
        b.loop.start();
        await().atMost(PATIENCE).until(() -> health(b).equals("another process (standing by)"));
        PaymentId second = pay();
        await().atMost(PATIENCE).until(() -> a.reported.contains(second));
        assertThat(b.reported).as("the standing-by process reports nothing").isEmpty();
        assertThat(health(a)).isEqualTo("this process");

        a.die();
        PaymentId third = pay();
        await().atMost(PATIENCE).until(() -> b.reported.contains(third));
        assertThat(health(b)).isEqualTo("this process");
        List<PaymentId> all = new ArrayList<>(a.reported);
        all.addAll(b.reported);
        assertThat(all).contains(first, second, third);
    }

    @Test
    void aProcessThatLostItsLeaseCannotCommitABlockOrRewind() {
        Process a = new Process("process-a");
        Process b = new Process("process-b");
        assertThat(a.lease.holdOrTake()).isTrue();
        assertThat(b.lease.holdOrTake()).isFalse();
        ScannerStore.StoredBlock block = new ScannerStore.StoredBlock(1, "0xone");
        a.store.commitBlock("testnet", block, List.of(), List.of(), 10, Instant.now());
        assertThatThrownBy(() -> b.store.commitBlock("testnet", new ScannerStore.StoredBlock(1, "0xother"),
                                                     List.of(), List.of(), 10, Instant.now()))
                .isInstanceOf(ScannerLease.LeaseLostException.class);

        // A pauses past its lease; B takes the chain; A's next commit and rewind are refused, not applied.
        await().atMost(PATIENCE).until(b.lease::holdOrTake);
        assertThatThrownBy(() -> a.store.commitBlock("testnet", new ScannerStore.StoredBlock(2, "0xtwo"), List.of(),
                                                     List.of(), 10, Instant.now()))
                .isInstanceOf(ScannerLease.LeaseLostException.class);
        assertThatThrownBy(() -> a.store.rewind("testnet", new ScannerStore.StoredBlock(0, "0xzero"), Instant.now()))
                .isInstanceOf(ScannerLease.LeaseLostException.class);
        assertThat(a.store.checkpoint("testnet")).contains(block);
        assertThat(a.lease.holdOrTake()).isFalse();
        assertThat(JdbcClient.create(a.pool).sql("SELECT holder FROM watcher.scanner_leases").query(String.class)
                             .single()).isEqualTo("process-b");
    }

    private PaymentId pay() {
        SandboxChain.Transfer transfer = node.submit(Chain.TRON, "TDeposit" + System.nanoTime(),
                                                     TokenAmount.parse("5", Asset.USDT));
        node.produceBlock(Instant.now());
        return PaymentId.of(Chain.TRON, transfer.txHash(), transfer.logIndex());
    }

    private static String health(Process process) {
        return String.valueOf(process.status.health().getDetails().get("scanning"));
    }
}
