package dev.tally.watcher.tron;

import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferFailed;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.chain.TransferOrphaned;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import dev.tally.platform.test.TestDatabase;
import dev.tally.watcher.chain.ChainEndpoint;
import dev.tally.watcher.chain.ChainTransfer;
import dev.tally.watcher.scan.BlockScanner;
import dev.tally.watcher.scan.ScannerStore;
import dev.tally.watcher.scan.WatchedAddresses;
import dev.tally.watcher.tron.MainnetShapedBlocks.Block;
import dev.tally.watcher.tron.MainnetShapedBlocks.Tx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tron.trident.proto.Chain.Transaction.Result.contractResult;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static dev.tally.watcher.tron.MainnetShapedBlocks.USDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The real {@link BlockScanner} and {@link ScannerStore} on PostgreSQL, reading a {@link TronTestNode} through the
 * {@link TronChainClient}, reporting to a recording {@link ChainObservationPort}: what reaches the port is exactly the
 * USDT transfers to watched deposit addresses, and a fork is followed.
 */
class TronBlockScannerTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final MainnetShapedBlocks blocks = new MainnetShapedBlocks(195L);
    private final Recorder observations = new Recorder();
    private final TronChainClientFactory factory = new TronChainClientFactory();
    private final List<String> deposits = List.of(blocks.account(), blocks.account(), blocks.account(),
                                                  blocks.account());
    private TestDatabase database;
    private DriverManagerDataSource dataSource;
    private TronTestNode node;
    private TronChainClient client;

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
        new SchemaMigrations(dataSource, List.of(new ModuleSchema("watcher", 30))).afterPropertiesSet();
        node = TronTestNode.start();
        client = factory.connect(new ChainEndpoint("tron", Chain.TRON, node.url(), Duration.ofSeconds(10),
                                                   Set.of(USDT), null));
    }

    @AfterEach
    void stop() {
        factory.close();
        node.close();
        database.close();
    }

    /** The port as the command side offers it, recording what it is told. */
    static class Recorder implements ChainObservationPort {
        private final List<ChainObservation> seen = new ArrayList<>();
        /** Run once, as the port is told of the payment given (the scanner is then processing its block). */
        private volatile PaymentId trigger;
        private volatile Runnable onTrigger;

        @Override
        public void accept(ChainObservation observation) {
            synchronized (this) {
                seen.add(observation);
            }
            if (observation instanceof TransferObserved && observation.paymentId().equals(trigger)) {
                trigger = null;
                onTrigger.run();
            }
        }

        void whenTold(PaymentId payment, Runnable action) {
            this.onTrigger = action;
            this.trigger = payment;
        }

        synchronized List<ChainObservation> drain() {
            List<ChainObservation> all = List.copyOf(seen);
            seen.clear();
            return all;
        }
    }

    private BlockScanner scanner() {
        return scanner(0);
    }

    private BlockScanner scanner(int readAhead) {
        WatchedAddresses watched = (chain, address, at) -> chain == Chain.TRON && deposits.contains(address);
        BlockScanner.Settings settings = new BlockScanner.Settings("tron", Set.of(USDT), 19, 50, 1);
        return new BlockScanner(client, watched, observations, new ScannerStore(dataSource), settings,
                                Clock.fixed(NOW, ZoneOffset.UTC)).withReadAhead(readAhead);
    }

    /** Mainnet-sized blocks on top of the node's head up to {@code head}, with the planted transactions. */
    private void grow(long head, Map<Long, List<Tx>> planted) {
        for (long n = node.chainLength() + 1; n <= head; n++) {
            node.append(blocks.block(n, n == 1 ? MainnetShapedBlocks.genesisId() : node.head().id(),
                                     planted.getOrDefault(n, List.of())));
        }
    }

    /** A branch replacing the node's blocks from {@code from} on, up to {@code head}. */
    private List<Block> branch(long from, long head, Map<Long, List<Tx>> planted) {
        List<Block> branch = new ArrayList<>();
        for (long n = from; n <= head; n++) {
            Block parent = n == from ? node.block(from - 1) : branch.get(branch.size() - 1);
            branch.add(blocks.block(n, parent.id(), planted.getOrDefault(n, List.of())));
        }
        return branch;
    }

    private Tx usdt(int deposit, String amount) {
        return blocks.usdtTransfer(blocks.account(), deposits.get(deposit), units(amount));
    }

    private static BigInteger units(String amount) {
        return BigInteger.valueOf(TokenAmount.parse(amount, Asset.USDT).baseUnits());
    }

    private static PaymentId id(Tx tx, int logIndex) {
        return PaymentId.of(Chain.TRON, tx.hash(), logIndex);
    }

    private static <T extends ChainObservation> List<T> only(List<ChainObservation> seen, Class<T> type) {
        return seen.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private long checkpoint() {
        return JdbcClient.create(dataSource).sql("SELECT block_number FROM watcher.checkpoints WHERE chain = 'tron'")
                         .query(Long.class).single();
    }

    @Test
    void exactlyTheUsdtTransfersToWatchedAddressesAreReportedWithTheirAmountsAndIds() {
        Tx paid = usdt(0, "150");
        Tx lookalike = blocks.lookalikeTransfer(blocks.account(), deposits.get(0), units("150"));
        Tx trx = blocks.trxTransfer(blocks.account(), deposits.get(1), 150_000_000);
        Tx elsewhere = blocks.usdtTransfer(blocks.account(), blocks.account(), units("99"));
        Tx routed = blocks.usdtThroughRouter(deposits.get(1), units("20.50"));
        Tx reverted = blocks.failedUsdtTransfer(blocks.account(), deposits.get(2), units("10"), contractResult.REVERT);
        Tx outOfEnergy = blocks.failedUsdtTransfer(blocks.account(), deposits.get(0), units("12"),
                                                   contractResult.OUT_OF_ENERGY);
        Tx huge = blocks.usdtTransfer(blocks.account(), deposits.get(0), BigInteger.TWO.pow(70));
        Tx small = usdt(3, "1.000001");
        Tx twice1 = usdt(0, "2");
        Tx twice2 = usdt(0, "3");
        grow(8, Map.of(2L, List.of(paid, lookalike, trx, elsewhere),
                       3L, List.of(routed, reverted, outOfEnergy),
                       4L, List.of(huge, small),
                       6L, List.of(twice1, twice2)));

        assertThat(scanner().scanOnce()).isEqualTo(8);
        List<ChainObservation> seen = observations.drain();

        List<TransferObserved> observed = only(seen, TransferObserved.class);
        assertThat(observed).extracting(TransferObserved::paymentId).containsExactlyInAnyOrder(
                id(paid, 0), id(routed, 1), id(small, 0), id(twice1, 0), id(twice2, 0));
        // Each as the node has it: the oracle's transfer, in the block the node served it in.
        List<ChainTransfer> servedToDeposits = new ArrayList<>();
        for (long n = 1; n <= 8; n++) {
            Block block = node.block(n);
            for (ChainTransfer transfer : block.usdtTransfers()) {
                if (deposits.contains(transfer.to()) && transfer.succeeded()) {
                    servedToDeposits.add(transfer);
                    TransferObserved report = observed.stream()
                            .filter(o -> o.paymentId().equals(PaymentId.of(Chain.TRON, transfer.txHash(),
                                                                           transfer.logIndex())))
                            .findFirst().orElseThrow();
                    assertThat(report.from()).isEqualTo(transfer.from());
                    assertThat(report.to()).isEqualTo(transfer.to());
                    assertThat(report.amount()).isEqualTo(transfer.amount());
                    assertThat(report.tokenContract()).isEqualTo(USDT);
                    assertThat(report.blockNumber()).isEqualTo(n);
                    assertThat(report.blockHash()).isEqualTo(block.hash());
                    assertThat(report.blockTime()).isEqualTo(Instant.ofEpochMilli(
                            block.block().getBlockHeader().getRawData().getTimestamp()));
                }
            }
        }
        assertThat(servedToDeposits).hasSize(observed.size());
        assertThat(observed).filteredOn(o -> o.paymentId().equals(id(routed, 1))).singleElement()
                            .satisfies(o -> assertThat(o.amount()).isEqualTo(TokenAmount.parse("20.5", Asset.USDT)));
        assertThat(observed).filteredOn(o -> o.paymentId().equals(id(small, 0))).singleElement()
                            .satisfies(o -> assertThat(o.amount().baseUnits()).isEqualTo(1_000_001));

        // A reverted transfer call is never a transfer, only a failed attempt (which fails a payment detected from
        // it, and changes nothing for one never seen).
        assertThat(only(seen, TransferFailed.class)).extracting(TransferFailed::paymentId)
                                                    .containsExactlyInAnyOrder(id(reverted, 0), id(outOfEnergy, 0));
        assertThat(JdbcClient.create(dataSource).sql("SELECT count(*) FROM watcher.ignored_transfer "
                                                     + "WHERE reason = 'REVERTED'").query(Long.class).single())
                .isEqualTo(2);
        assertThat(only(seen, ConfirmationsObserved.class)).extracting(ConfirmationsObserved::paymentId)
                                                           .doesNotContain(id(reverted, 0), id(outOfEnergy, 0))
                                                           .contains(id(paid, 0), id(twice2, 0));
        assertThat(checkpoint()).isEqualTo(8);

        node.solidify(3);
        assertThat(client.finalizedNumber()).isEqualTo(OptionalLong.of(3));
    }

    @Test
    void aForkOrphansTheAbandonedTransfersAndReportsThoseOfTheNewBranch() {
        Fork fork = fork();
        Tx reincluded = fork.reincluded();
        Tx sameHeight = fork.sameHeight();
        BlockScanner scanner = scanner();
        scanner.scanOnce();
        assertThat(only(observations.drain(), TransferObserved.class)).extracting(TransferObserved::paymentId)
                .containsExactly(id(reincluded, 0), id(fork.dropped(), 0), id(sameHeight, 0));

        node.switchBranch(fork.branch());
        assertThat(scanner.scanOnce()).isEqualTo(5);
        List<ChainObservation> seen = observations.drain();

        fork.assertAbandonedOrphaned(seen);
        assertThat(only(seen, TransferObserved.class))
                .extracting(TransferObserved::paymentId, TransferObserved::blockNumber, TransferObserved::blockHash)
                .containsExactly(tuple(id(reincluded, 0), 8L, node.block(8).hash()),
                                 tuple(id(sameHeight, 0), 9L, node.block(9).hash()),
                                 tuple(id(fork.newInBranch(), 0), 10L, node.block(10).hash()));
        assertThat(seen.indexOf(only(seen, TransferOrphaned.class).get(2)))
                .isLessThan(seen.indexOf(only(seen, TransferObserved.class).get(0)));
        assertThat(checkpoint()).isEqualTo(11);

        grow(12, Map.of());
        scanner.scanOnce();
        fork.assertOnlyConfirmationsFollow(observations.drain());
    }

    /**
     * The twin with blocks read ahead: the node switches branch while the scanner processes block 7, after it has
     * fetched blocks 8 to 10 of the branch being left. Those stale blocks agree with the block 7 just processed, so
     * they are processed too; the next scan finds its checkpoint gone from the node, rewinds to the fork point and
     * ends exactly where the scanner without read-ahead ends: the abandoned transfers orphaned, the new branch's
     * reported in their new blocks.
     */
    @Test
    void aForkWhileBlocksWereFetchedAheadIsFollowedToTheSameEnd() {
        Fork fork = fork();
        Tx reincluded = fork.reincluded();
        Tx sameHeight = fork.sameHeight();
        List<String> abandoned = fork.abandoned();
        BlockScanner scanner = scanner(3);
        List<Block> branch = fork.branch();
        observations.whenTold(id(reincluded, 0), () -> {
            // Blocks 8 to 10 were fetched ahead of block 7 (block, then infos) from the old branch; then it is left.
            await().atMost(Duration.ofSeconds(10)).until(() -> node.infosAnswered(8) > 0 && node.infosAnswered(9) > 0
                                                               && node.infosAnswered(10) > 0);
            node.switchBranch(branch);
        });

        assertThat(scanner.scanOnce()).isEqualTo(10); // 7 and the stale 8 to 10 agree with one another
        scanner.scanOnce();
        List<ChainObservation> seen = observations.drain();

        fork.assertAbandonedOrphaned(seen);
        assertThat(only(seen, TransferObserved.class))
                .extracting(TransferObserved::paymentId, TransferObserved::blockNumber, TransferObserved::blockHash)
                .containsExactly(tuple(id(reincluded, 0), 7L, abandoned.get(0)),
                                 tuple(id(fork.dropped(), 0), 8L, abandoned.get(1)),
                                 tuple(id(sameHeight, 0), 9L, abandoned.get(2)),
                                 tuple(id(reincluded, 0), 8L, node.block(8).hash()),
                                 tuple(id(sameHeight, 0), 9L, node.block(9).hash()),
                                 tuple(id(fork.newInBranch(), 0), 10L, node.block(10).hash()));
        assertThat(checkpoint()).isEqualTo(11);
        assertThat(JdbcClient.create(dataSource).sql("SELECT block_hash FROM watcher.checkpoints WHERE chain = 'tron'")
                             .query(String.class).single()).isEqualTo(node.block(11).hash());

        grow(12, Map.of());
        scanner.scanOnce();
        fork.assertOnlyConfirmationsFollow(observations.drain());
    }

    /**
     * Transfers to watched addresses in blocks 7, 8 and 9 of a node grown to block 10, and the longer branch from
     * block 7 that the node will switch to: there the first transfer lands one block later, the second never comes
     * back, the third is in the new block 9, and the branch has a new one in block 10.
     */
    private Fork fork() {
        Tx reincluded = usdt(2, "42");
        Tx dropped = usdt(3, "77");
        Tx sameHeight = usdt(1, "5");
        grow(10, Map.of(7L, List.of(reincluded), 8L, List.of(dropped), 9L, List.of(sameHeight)));
        Tx newInBranch = usdt(0, "8");
        return new Fork(reincluded, dropped, sameHeight, newInBranch,
                        List.of(node.block(7).hash(), node.block(8).hash(), node.block(9).hash()),
                        branch(7, 11, Map.of(8L, List.of(reincluded), 9L, List.of(sameHeight),
                                             10L, List.of(newInBranch))));
    }

    private record Fork(Tx reincluded, Tx dropped, Tx sameHeight, Tx newInBranch, List<String> abandoned,
                        List<Block> branch) {
        /** The three transfers of blocks 7 to 9 orphaned once each, with the hash of the abandoned block. */
        void assertAbandonedOrphaned(List<ChainObservation> seen) {
            assertThat(only(seen, TransferOrphaned.class))
                    .extracting(TransferOrphaned::paymentId, TransferOrphaned::blockHash)
                    .containsExactlyInAnyOrder(tuple(id(reincluded, 0), abandoned.get(0)),
                                               tuple(id(dropped, 0), abandoned.get(1)),
                                               tuple(id(sameHeight, 0), abandoned.get(2)));
        }

        /** After the switch: only confirmations, of the branch's transfers, never of the one dropped. */
        void assertOnlyConfirmationsFollow(List<ChainObservation> later) {
            assertThat(later).allSatisfy(o -> assertThat(o).isInstanceOf(ConfirmationsObserved.class));
            assertThat(later).extracting(ChainObservation::paymentId).doesNotContain(id(dropped, 0))
                             .contains(id(reincluded, 0), id(sameHeight, 0), id(newInBranch, 0));
        }
    }
}
