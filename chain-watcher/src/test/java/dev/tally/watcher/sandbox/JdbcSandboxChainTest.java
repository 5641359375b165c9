package dev.tally.watcher.sandbox;

import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import dev.tally.platform.test.TestDatabase;
import dev.tally.watcher.scan.BlockScanner;
import dev.tally.watcher.scan.ScannerLease;
import dev.tally.watcher.scan.ScannerStore;
import dev.tally.watcher.scan.WatchedAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox chain kept in PostgreSQL: every behaviour of {@link SandboxChainTest}, and what the launcher's sandbox
 * needs of it — a restarted process finds the chain, its mempool, its senders and its scanner's checkpoint where the
 * last one left them (a restart used to start an empty chain under a checkpoint of a longer one), and two nodes on
 * one database build one chain.
 */
class JdbcSandboxChainTest extends SandboxChainTest {
    private static TestDatabase database;
    private static DataSource dataSource;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.create();
        dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
        new SchemaMigrations(dataSource, List.of(new ModuleSchema("watcher", 30))).afterPropertiesSet();
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Override
    SandboxChain newChain(int finalityDepth) {
        JdbcClient.create(dataSource).sql("TRUNCATE watcher.sandbox_blocks, watcher.sandbox_mempool, "
                                          + "watcher.sandbox_senders, watcher.sandbox_balances, watcher.checkpoints, "
                                          + "watcher.recent_blocks, "
                                          + "watcher.reported_transfers, watcher.scanner_leases").update();
        return restarted(finalityDepth);
    }

    /** The chain as a newly started process finds it. */
    private static SandboxChain restarted(int finalityDepth) {
        return new SandboxChain(finalityDepth, new JdbcSandboxStore(dataSource));
    }

    @Test
    void aRestartedProcessFindsTheBlocksTheMempoolAndTheSendersOfTheLastOne() {
        SandboxChain before = newChain(6);
        before.produceBlock(T0);
        SandboxChain.Transfer mined = before.submit(Chain.TRON, SandboxChain.USDT_CONTRACT, "TDepositA",
                                                    TokenAmount.parse("5", Asset.USDT), true, "mer_a");
        SandboxChain.Block holding = before.produceBlock(T0.plusSeconds(3));
        SandboxChain.Transfer waiting = before.submit(Chain.ETHEREUM, SandboxChain.USDT_CONTRACT, "0xDeposit",
                                                      TokenAmount.parse("0.000001", Asset.USDT), false, null);

        SandboxChain after = restarted(6);

        assertThat(after.headNumber()).isEqualTo(2);
        assertThat(after.blockAt(2)).contains(holding);
        assertThat(after.sender(mined.txHash())).contains("mer_a");
        assertThat(after.sender(waiting.txHash())).isEmpty();
        SandboxChain.Block next = after.produceBlock(T0.plusSeconds(6));
        assertThat(next.parentHash()).isEqualTo(holding.hash());
        assertThat(next.transfers()).containsExactly(waiting);
        assertThat(after.reorgOut(mined.txHash())).isEqualTo(2);
    }

    @Test
    void twoNodesOnOneDatabaseBuildOneChain() {
        SandboxChain nodeA = newChain(6);
        SandboxChain nodeB = restarted(6);
        List<SandboxChain.Block> produced = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SandboxChain producer = i % 2 == 0 ? nodeA : nodeB;
            (i % 3 == 0 ? nodeB : nodeA).submit(Chain.TRON, "TDeposit" + i, TokenAmount.parse("1", Asset.USDT));
            produced.add(producer.produceBlock(T0.plusSeconds(3L * i)));
        }

        assertThat(produced).extracting(SandboxChain.Block::number)
                            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        for (int i = 1; i < produced.size(); i++) {
            assertThat(produced.get(i).parentHash()).isEqualTo(produced.get(i - 1).hash());
            assertThat(produced.get(i).transfers()).singleElement()
                                                   .extracting(SandboxChain.Transfer::to).isEqualTo("TDeposit" + i);
        }
        assertThat(nodeA.recentBlocks(10)).isEqualTo(nodeB.recentBlocks(10)).isEqualTo(produced);
    }

    @Test
    void aRestartedWatcherGoesOnFromItsCheckpointAndReportsNothingTwice() {
        SandboxChain chain = newChain(6);
        SandboxProperties properties = new SandboxProperties();
        properties.setConfirmationDepth(3);
        List<ChainObservation> seen = new ArrayList<>();
        SandboxWatcher first = watcher(chain, properties, seen);
        first.tick();
        chain.submit(Chain.TRON, "TDeposit", TokenAmount.parse("150", Asset.USDT));
        first.tick();
        first.tick();
        first.stop();

        SandboxChain restartedChain = restarted(6);
        SandboxWatcher second = watcher(restartedChain, properties, seen);
        second.start();
        second.stop();
        assertThat(second.checkpoint()).isEqualTo(3);
        second.tick();
        second.tick();

        assertThat(restartedChain.headNumber()).isEqualTo(5);
        assertThat(seen).filteredOn(TransferObserved.class::isInstance).hasSize(1);
        assertThat(second.checkpoint()).isEqualTo(5);
    }

    @Test
    void aSecondNodeProducesNoBlocksWhileTheFirstHoldsTheSandboxLease() {
        SandboxChain chain = newChain(6);
        SandboxProperties properties = new SandboxProperties();
        List<ChainObservation> seen = new ArrayList<>();
        SandboxWatcher nodeA = watcher(chain, properties, seen);
        SandboxWatcher nodeB = watcher(restarted(6), properties, seen);

        nodeA.tick();
        nodeB.tick();
        nodeA.tick();
        nodeB.tick();

        assertThat(chain.headNumber()).isEqualTo(2);
        assertThat(nodeA.checkpoint()).isEqualTo(2);
    }

    private static SandboxWatcher watcher(SandboxChain chain, SandboxProperties properties,
                                          List<ChainObservation> seen) {
        ScannerStore store = new ScannerStore(dataSource);
        ScannerLease lease = store.lease(SandboxConfiguration.SCANNER_KEY, ScannerLease.newHolder(),
                                         Duration.ofMinutes(1));
        BlockScanner scanner = SandboxConfiguration.sandboxScanner(chain, WatchedAddresses.all(), seen::add,
                                                                   properties, store, Clock.systemUTC());
        return new SandboxWatcher(chain, scanner, lease, properties, Clock.systemUTC());
    }
}
