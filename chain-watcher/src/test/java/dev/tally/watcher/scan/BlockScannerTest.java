package dev.tally.watcher.scan;

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
import dev.tally.watcher.sandbox.SandboxChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The block scanner over the sandbox chain, on a PostgreSQL database of its own. */
class BlockScannerTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final String DEPOSIT = "TDeposit000000000000000000000000001";
    private static final TokenAmount AMOUNT = TokenAmount.parse("150", Asset.USDT);
    private static final int DEPTH = 5;

    private TestDatabase database;
    private DriverManagerDataSource dataSource;
    /** Final one block deep: shallower than DEPTH, so confirmations are reported up to DEPTH. */
    private final SandboxChain chain = new SandboxChain(1);
    private final Recorder observations = new Recorder();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private int time;

    @BeforeEach
    void migrate() {
        database = TestDatabase.create();
        dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
        new SchemaMigrations(dataSource, List.of(new ModuleSchema("watcher", 30))).afterPropertiesSet();
    }

    @AfterEach
    void drop() {
        database.close();
    }

    /** A test sink of observations; it can refuse them, like a port whose command failed. */
    static class Recorder implements ChainObservationPort {
        final List<ChainObservation> seen = new ArrayList<>();
        final AtomicBoolean refuse = new AtomicBoolean();

        @Override
        public synchronized void accept(ChainObservation observation) {
            if (refuse.get()) {
                throw new IllegalStateException("not now");
            }
            seen.add(observation);
        }

        synchronized List<ChainObservation> drain() {
            List<ChainObservation> all = List.copyOf(seen);
            seen.clear();
            return all;
        }
    }

    private BlockScanner scanner() {
        return scanner(WatchedAddresses.all());
    }

    private BlockScanner scanner(WatchedAddresses watched) {
        BlockScanner.Settings settings = new BlockScanner.Settings("sandbox", Set.of(SandboxChain.USDT_CONTRACT),
                                                                   DEPTH, 20, 1);
        return new BlockScanner(chain, watched, observations, new ScannerStore(dataSource), settings, clock);
    }

    private SandboxChain.Block block() {
        return chain.produceBlock(T0.plusSeconds(3L * time++));
    }

    private static PaymentId id(SandboxChain.Transfer transfer) {
        return PaymentId.of(transfer.chain(), transfer.txHash(), transfer.logIndex());
    }

    private long checkpoint() {
        return JdbcClient.create(dataSource).sql("SELECT block_number FROM watcher.checkpoints WHERE chain = 'sandbox'")
                         .query(Long.class).single();
    }

    @Test
    void aTransferIsReportedOnceInItsBlockThenItsConfirmationsUpToTheDepth() {
        BlockScanner scanner = scanner();
        block();
        SandboxChain.Transfer paid = chain.submit(Chain.TRON, DEPOSIT, AMOUNT);
        SandboxChain.Block included = block();
        scanner.scanOnce();

        List<ChainObservation> first = observations.drain();
        assertThat(first).hasSize(1);
        TransferObserved observed = (TransferObserved) first.get(0);
        assertThat(observed.paymentId()).isEqualTo(id(paid));
        assertThat(observed.blockNumber()).isEqualTo(included.number());
        assertThat(observed.blockHash()).isEqualTo(included.hash());
        assertThat(observed.to()).isEqualTo(DEPOSIT);
        assertThat(observed.amount()).isEqualTo(AMOUNT);
        assertThat(observed.tokenContract()).isEqualTo(SandboxChain.USDT_CONTRACT);

        List<Integer> confirmations = new ArrayList<>();
        for (int i = 0; i < DEPTH + 3; i++) {
            block();
            scanner.scanOnce();
            for (ChainObservation o : observations.drain()) {
                assertThat(o).isInstanceOf(ConfirmationsObserved.class);
                ConfirmationsObserved c = (ConfirmationsObserved) o;
                assertThat(c.paymentId()).isEqualTo(id(paid));
                assertThat(c.blockHash()).isEqualTo(included.hash());
                confirmations.add(c.confirmations());
            }
        }
        assertThat(confirmations).containsExactly(2, 3, 4, 5);
    }

    @Test
    void aTransferToAnUnwatchedAddressOrOfAnotherContractIsNotReported() {
        BlockScanner scanner = scanner((c, address, at) -> address.equals(DEPOSIT));
        chain.submit(Chain.TRON, "TSomebodyElse", AMOUNT);
        chain.submit(Chain.TRON, "TFakeUsdtContract0000000000000000000", DEPOSIT, AMOUNT, true, null);
        block();
        block();
        scanner.scanOnce();

        assertThat(observations.drain()).isEmpty();
        assertThat(checkpoint()).isEqualTo(2);
    }

    @Test
    void aRevertedTransferIsNeverReportedAsATransferOnlyAsAFailedAttempt() {
        BlockScanner scanner = scanner();
        SandboxChain.Transfer reverted = chain.submit(Chain.TRON, SandboxChain.USDT_CONTRACT, DEPOSIT, AMOUNT, false, null);
        block();
        block();
        block();
        scanner.scanOnce();

        // Whatever the invoice's threshold (1 confirmation included), nothing here can credit it: no transfer, no
        // confirmations, only the failure of the attempt.
        List<ChainObservation> seen = observations.drain();
        assertThat(seen).singleElement().isInstanceOfSatisfying(TransferFailed.class,
                f -> assertThat(f.paymentId()).isEqualTo(id(reverted)));
    }

    @Test
    void aReorgThatDropsATransferOrphansIt() {
        BlockScanner scanner = scanner();
        block();
        block();
        SandboxChain.Transfer paid = chain.submit(Chain.TRON, DEPOSIT, AMOUNT);
        SandboxChain.Block included = block();
        block();
        scanner.scanOnce();
        observations.drain();

        chain.reorg(2, false);
        block();
        scanner.scanOnce();

        List<ChainObservation> seen = observations.drain();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).isInstanceOfSatisfying(TransferOrphaned.class, o -> {
            assertThat(o.paymentId()).isEqualTo(id(paid));
            assertThat(o.blockHash()).isEqualTo(included.hash());
        });
        assertThat(checkpoint()).isEqualTo(5);

        block();
        scanner.scanOnce();
        assertThat(observations.drain()).isEmpty();
    }

    @Test
    void aReorgThatReincludesATransferOrphansItThenReportsItInItsNewBlock() {
        BlockScanner scanner = scanner();
        block();
        SandboxChain.Transfer paid = chain.submit(Chain.TRON, DEPOSIT, AMOUNT);
        SandboxChain.Block included = block();
        block();
        scanner.scanOnce();
        observations.drain();

        SandboxChain.Block replacement = chain.reorg(2, true).get(0);
        assertThat(replacement.number()).isEqualTo(included.number());
        // Same head number: the scanner notices the checkpoint's block changed without waiting for a new block.
        scanner.scanOnce();

        List<ChainObservation> seen = observations.drain();
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isInstanceOfSatisfying(TransferOrphaned.class,
                o -> assertThat(o.blockHash()).isEqualTo(included.hash()));
        assertThat(seen.get(1)).isInstanceOfSatisfying(TransferObserved.class, t -> {
            assertThat(t.paymentId()).isEqualTo(id(paid));
            assertThat(t.blockHash()).isEqualTo(replacement.hash());
            assertThat(t.blockNumber()).isEqualTo(included.number());
        });
        assertThat(seen.get(2)).isInstanceOfSatisfying(ConfirmationsObserved.class, c -> {
            assertThat(c.blockHash()).isEqualTo(replacement.hash());
            assertThat(c.confirmations()).isEqualTo(2);
        });
    }

    @Test
    void aNewScannerResumesFromTheCheckpointWithoutReReportingOrSkipping() {
        block();
        SandboxChain.Transfer first = chain.submit(Chain.TRON, DEPOSIT, AMOUNT);
        block();
        block();
        scanner().scanOnce();
        observations.drain();

        SandboxChain.Transfer second = chain.submit(Chain.TRON, DEPOSIT, AMOUNT);
        block();
        block();
        BlockScanner restarted = scanner();
        restarted.scanOnce();

        List<ChainObservation> seen = observations.drain();
        assertThat(seen).filteredOn(TransferObserved.class::isInstance).hasSize(1)
                        .first().extracting(ChainObservation::paymentId).isEqualTo(id(second));
        assertThat(seen).filteredOn(ConfirmationsObserved.class::isInstance)
                        .extracting(ChainObservation::paymentId).containsExactly(id(first), id(second));
        assertThat(checkpoint()).isEqualTo(5);
    }

    @Test
    void aTransferIsReportedUntilItsBlockIsFinalAlsoWhenFinalityIsDeeperThanTheConfirmationDepth() {
        SandboxChain slowFinality = new SandboxChain(DEPTH + 3);
        BlockScanner scanner = new BlockScanner(slowFinality, WatchedAddresses.all(), observations,
                new ScannerStore(dataSource),
                new BlockScanner.Settings("sandbox", Set.of(SandboxChain.USDT_CONTRACT), DEPTH, 20, 1), clock);
        slowFinality.produceBlock(T0);
        SandboxChain.Transfer paid = slowFinality.submit(Chain.TRON, DEPOSIT, AMOUNT);
        SandboxChain.Block holding = slowFinality.produceBlock(T0.plusSeconds(3));
        List<ConfirmationsObserved> reports = new java.util.ArrayList<>();
        for (int i = 0; i < DEPTH + 6; i++) {
            slowFinality.produceBlock(T0.plusSeconds(6 + 3L * i));
            scanner.scanOnce();
            observations.drain().stream().filter(ConfirmationsObserved.class::isInstance)
                        .map(ConfirmationsObserved.class::cast).forEach(reports::add);
        }

        assertThat(reports).allSatisfy(c -> assertThat(c.paymentId()).isEqualTo(id(paid)));
        // Not final while fewer than DEPTH + 3 blocks are on top; final once they are, though deeper than DEPTH.
        assertThat(reports).filteredOn(c -> !c.finalized())
                           .allSatisfy(c -> assertThat(c.confirmations()).isLessThanOrEqualTo(DEPTH + 3));
        assertThat(reports).filteredOn(ConfirmationsObserved::finalized).isNotEmpty()
                           .allSatisfy(c -> assertThat(c.confirmations()).isGreaterThan(DEPTH + 3));
        assertThat(slowFinality.finalizedNumber().orElseThrow()).isGreaterThanOrEqualTo(holding.number());
    }

    @Test
    void aBlockWhoseObservationsWereRefusedIsReportedAgainByTheNextScan() {
        BlockScanner scanner = scanner();
        block();
        scanner.scanOnce();
        SandboxChain.Transfer paid = chain.submit(Chain.TRON, DEPOSIT, AMOUNT);
        block();
        observations.refuse.set(true);
        assertThatThrownBy(scanner::scanOnce).isInstanceOf(IllegalStateException.class);
        assertThat(checkpoint()).isEqualTo(1);

        observations.refuse.set(false);
        scanner().scanOnce();
        assertThat(observations.drain()).singleElement().extracting(ChainObservation::paymentId)
                                        .isEqualTo(id(paid));
        assertThat(checkpoint()).isEqualTo(2);
    }

    @Test
    void whenTheHeadJumpsByTenEveryBlockIsScanned() {
        BlockScanner scanner = scanner();
        block();
        scanner.scanOnce();
        List<PaymentId> paid = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            paid.add(id(chain.submit(Chain.TRON, DEPOSIT, AMOUNT)));
            block();
        }
        assertThat(scanner.scanOnce()).isEqualTo(10);

        List<ChainObservation> seen = observations.drain();
        assertThat(seen).filteredOn(TransferObserved.class::isInstance)
                        .extracting(o -> ((TransferObserved) o).blockNumber())
                        .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(seen).filteredOn(TransferObserved.class::isInstance)
                        .extracting(ChainObservation::paymentId).containsExactlyElementsOf(paid);
        // Those within DEPTH, and (a first report after a start) those deeper, once, with their finality.
        assertThat(seen).filteredOn(ConfirmationsObserved.class::isInstance)
                        .extracting(o -> ((ConfirmationsObserved) o).confirmations())
                        .containsExactly(10, 9, 8, 7, 6, 5, 4, 3, 2);
        assertThat(seen).filteredOn(ConfirmationsObserved.class::isInstance).map(ConfirmationsObserved.class::cast)
                        .allSatisfy(c -> assertThat(c.finalized()).isTrue());
        assertThat(checkpoint()).isEqualTo(11);
    }

    @Test
    void dustAndZeroValueTransfersToAWatchedAddressAreRecordedAsIgnoredAndNeverReported() {
        BlockScanner scanner = scanner((c, address, at) -> address.equals(DEPOSIT));
        SandboxChain.Transfer dust = chain.submit(Chain.TRON, DEPOSIT, TokenAmount.ofBaseUnits(Asset.USDT, 9_999));
        SandboxChain.Transfer spam = chain.submit(Chain.TRON, DEPOSIT, TokenAmount.zero(Asset.USDT));
        SandboxChain.Transfer exactlyTheThreshold = chain.submit(Chain.TRON, DEPOSIT,
                                                                 TokenAmount.ofBaseUnits(Asset.USDT, 10_000));
        chain.submit(Chain.TRON, "TSomebodyElse", TokenAmount.ofBaseUnits(Asset.USDT, 1));
        SandboxChain.Block included = block();
        scanner.scanOnce();

        assertThat(observations.drain()).singleElement()
                .satisfies(o -> assertThat(o.paymentId()).isEqualTo(id(exactlyTheThreshold)));
        assertThat(ignored()).containsExactlyInAnyOrder(
                dust.txHash() + " 9999 BELOW_DUST_THRESHOLD " + included.number() + " " + included.hash(),
                spam.txHash() + " 0 ZERO_VALUE " + included.number() + " " + included.hash());

        // Scanning the block again (a crash before the checkpoint moved, say) records nothing twice.
        scanner.forget();
        scanner.scanOnce();
        assertThat(ignored()).hasSize(2);
        assertThat(observations.drain()).noneMatch(o -> o.paymentId().equals(id(dust)) || o.paymentId().equals(id(spam)));
    }

    @Test
    void theDustThresholdIsASetting() {
        BlockScanner.Settings settings = new BlockScanner.Settings("sandbox", Set.of(SandboxChain.USDT_CONTRACT),
                                                                   DEPTH, 20, 1).withDustThreshold(0);
        BlockScanner scanner = new BlockScanner(chain, WatchedAddresses.all(), observations,
                                                new ScannerStore(dataSource), settings, clock);
        SandboxChain.Transfer tiny = chain.submit(Chain.TRON, DEPOSIT, TokenAmount.ofBaseUnits(Asset.USDT, 1));
        chain.submit(Chain.TRON, DEPOSIT, TokenAmount.zero(Asset.USDT));
        block();
        scanner.scanOnce();

        assertThat(observations.drain()).singleElement()
                .satisfies(o -> assertThat(o.paymentId()).isEqualTo(id(tiny)));
        assertThat(ignored()).singleElement().asString().contains("ZERO_VALUE");
    }

    @Test
    void anAddressIsJudgedAtTheTimeOfTheBlock() {
        Instant watchEnds = T0.plusSeconds(4);
        BlockScanner scanner = scanner((c, address, at) -> address.equals(DEPOSIT) && !at.isAfter(watchEnds));
        SandboxChain.Transfer inTime = chain.submit(Chain.TRON, DEPOSIT, AMOUNT);
        block(); // T0
        block(); // T0 + 3 s
        chain.submit(Chain.TRON, DEPOSIT, AMOUNT);
        block(); // T0 + 6 s: past the watch
        scanner.scanOnce();

        assertThat(observations.drain()).filteredOn(TransferObserved.class::isInstance).singleElement()
                .satisfies(o -> assertThat(o.paymentId()).isEqualTo(id(inTime)));
    }

    @Test
    void confirmationsCarryTheChainsFinalityWhereTheClientKnowsIt() {
        // A node that calls final everything two blocks below its head (like Tron's solidified height).
        dev.tally.watcher.chain.ChainClient node = new dev.tally.watcher.chain.ChainClient() {
            @Override
            public long headNumber() {
                return chain.headNumber();
            }

            @Override
            public java.util.Optional<dev.tally.watcher.chain.ChainBlock> block(long number) {
                return chain.block(number);
            }

            @Override
            public java.util.OptionalLong finalizedNumber() {
                return java.util.OptionalLong.of(chain.headNumber() - 2);
            }
        };
        BlockScanner scanner = new BlockScanner(node, WatchedAddresses.all(), observations,
                new ScannerStore(dataSource),
                new BlockScanner.Settings("sandbox", Set.of(SandboxChain.USDT_CONTRACT), DEPTH, 20, 1), clock);
        chain.submit(Chain.TRON, DEPOSIT, AMOUNT);
        block();
        scanner.scanOnce();
        observations.drain();

        List<String> reports = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            block();
            scanner.scanOnce();
            scanner.scanOnce(); // no new head: nothing new to say
            for (ChainObservation o : observations.drain()) {
                ConfirmationsObserved c = (ConfirmationsObserved) o;
                reports.add(c.confirmations() + (c.finalized() ? " final" : ""));
            }
        }
        assertThat(reports).containsExactly("2", "3 final", "4 final", "5 final");
    }

    private List<String> ignored() {
        return JdbcClient.create(dataSource)
                .sql("SELECT tx_hash || ' ' || amount || ' ' || reason || ' ' || block_number || ' ' || block_hash "
                     + "FROM watcher.ignored_transfer")
                .query(String.class).list();
    }
}
