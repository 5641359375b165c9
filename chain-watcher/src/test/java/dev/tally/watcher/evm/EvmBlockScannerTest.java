package dev.tally.watcher.evm;

import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
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
import dev.tally.watcher.scan.BlockScanner;
import dev.tally.watcher.scan.ScannerStore;
import dev.tally.watcher.scan.WatchedAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.EthBlock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.tally.watcher.evm.DepositAddresses.DEPOSIT_0;
import static dev.tally.watcher.evm.DepositAddresses.DEPOSIT_1;
import static dev.tally.watcher.evm.DepositAddresses.DEPOSIT_2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@link BlockScanner} on a real PostgreSQL database, reading a real anvil node through
 * {@link EvmChainClient}: what reaches the observation port (the boundary to the command side) for real payments,
 * a reverted transfer, an impostor token, zero-value spam and a reorg.
 */
class EvmBlockScannerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    /** The threshold of a 150 USDT invoice (12 confirmations): the scanner reports confirmations up to it. */
    private static final int CONFIRMATION_DEPTH = 12;
    private static final String CUSTOMER = Keys.toChecksumAddress(AnvilNode.ACCOUNT_0.getAddress());
    private static final String SECOND_CUSTOMER = Keys.toChecksumAddress(AnvilNode.ACCOUNT_1.getAddress());

    private AnvilNode anvil;
    private TestDatabase database;
    private DriverManagerDataSource dataSource;
    private TestToken usdt;
    private TestToken impostor;
    private EvmChainClient client;
    private final Recorder observations = new Recorder();

    /** The observation port as the command side implements it, recording what it is given. */
    static class Recorder implements ChainObservationPort {
        private final List<ChainObservation> seen = new ArrayList<>();

        @Override
        public synchronized void accept(ChainObservation observation) {
            seen.add(observation);
        }

        synchronized List<ChainObservation> drain() {
            List<ChainObservation> all = List.copyOf(seen);
            seen.clear();
            return all;
        }
    }

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
        new SchemaMigrations(dataSource, List.of(new ModuleSchema("watcher", 30))).afterPropertiesSet();
        anvil = AnvilNode.start();
        usdt = TestToken.deploy(anvil);
        impostor = TestToken.deploy(anvil);
        usdt.mint(CUSTOMER, 1_000_000_000_000L);
        usdt.mint(SECOND_CUSTOMER, 1_000_000_000_000L);
        impostor.mint(CUSTOMER, 1_000_000_000_000L);
        anvil.mine();
        // The node is asked for both tokens, so the scanner's own rule (only the configured contract) is what
        // keeps the impostor out.
        client = new EvmChainClient(new ChainEndpoint("ethereum", Chain.ETHEREUM, anvil.url(), Duration.ofSeconds(5),
                                                      Set.of(usdt.address(), impostor.address()), null));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (anvil != null) {
            anvil.close();
        }
        database.close();
    }

    /** A scanner of the configured USDT contract from the next block, watching the three deposit addresses. */
    private BlockScanner scanner() {
        BlockScanner.Settings settings = new BlockScanner.Settings(
                "ethereum", Set.of(usdt.address()), CONFIRMATION_DEPTH, 64,
                anvil.head().getNumber().longValueExact() + 1);
        // Exact comparison: the client returns the EIP-55 form the command side stores deposit addresses in.
        WatchedAddresses watched = (chain, address, at) -> chain == Chain.ETHEREUM
                && Set.of(DEPOSIT_0, DEPOSIT_1, DEPOSIT_2).contains(address);
        return new BlockScanner(client, watched, observations, new ScannerStore(dataSource), settings,
                                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static PaymentId payment(String txHash, int logIndex) {
        return PaymentId.of(Chain.ETHEREUM, txHash, logIndex);
    }

    private static TokenAmount usdt(String amount) {
        return TokenAmount.parse(amount, Asset.USDT);
    }

    @Test
    void aPaymentIsSeenThenConfirmedWhileARevertedTransferAnImpostorTokenAndZeroValueSpamCreditNothing() {
        BlockScanner scanner = scanner();
        String paid = usdt.transfer(CUSTOMER, DEPOSIT_0, 150_000_000);
        String fake = impostor.transfer(CUSTOMER, DEPOSIT_1, 150_000_000);
        String reverted = usdt.transfer(AnvilNode.ACCOUNT_2, DEPOSIT_2, 150_000_000);
        String spam = usdt.transferFrom(AnvilNode.ACCOUNT_3, CUSTOMER, DEPOSIT_1, 0);
        EthBlock.Block included = anvil.mine();
        assertThat(anvil.receipt(reverted).isStatusOK()).isFalse();

        scanner.scanOnce();

        List<ChainObservation> seen = observations.drain();
        assertThat(seen).filteredOn(o -> o.paymentId().equals(payment(paid, 0))).singleElement()
                        .isInstanceOfSatisfying(TransferObserved.class, observed -> {
                            assertThat(observed.chain()).isEqualTo(Chain.ETHEREUM);
                            assertThat(observed.txHash()).isEqualTo(paid);
                            assertThat(observed.tokenContract()).isEqualTo(usdt.address());
                            assertThat(observed.from()).isEqualTo(CUSTOMER);
                            assertThat(observed.to()).isEqualTo(DEPOSIT_0);
                            assertThat(observed.amount()).isEqualTo(usdt("150"));
                            assertThat(observed.blockNumber()).isEqualTo(included.getNumber().longValueExact());
                            assertThat(observed.blockHash()).isEqualTo(included.getHash());
                            assertThat(observed.observedAt()).isEqualTo(NOW);
                        });
        assertThat(seen).extracting(o -> o.paymentId().value())
                        .noneMatch(id -> id.contains(fake) || id.contains(reverted));
        // Zero-value transferFrom spam moves no money: whatever the scanner passes on carries nothing to credit.
        assertThat(seen).filteredOn(o -> o.paymentId().equals(payment(spam, 0)))
                        .allSatisfy(o -> assertThat(((TransferObserved) o).amount().isZero()).isTrue());

        List<Integer> confirmations = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            anvil.mine();
            scanner.scanOnce();
            for (ChainObservation o : observations.drain()) {
                if (o.paymentId().equals(payment(paid, 0))) {
                    assertThat(o).isInstanceOfSatisfying(ConfirmationsObserved.class,
                            c -> assertThat(c.blockHash()).isEqualTo(included.getHash()));
                    confirmations.add(((ConfirmationsObserved) o).confirmations());
                }
            }
        }
        assertThat(confirmations).containsExactly(2, 3, 4);
    }

    @Test
    void aReorgOrphansAPaymentBelowItsThresholdAndItIsSeenAgainWhenReIncluded() {
        BlockScanner scanner = scanner();
        anvil.mine();
        scanner.scanOnce(); // the block below the payment's: the fork point the scanner will rewind to
        String signed = usdt.signTransfer(AnvilNode.ACCOUNT_1, DEPOSIT_1, 150_000_000);
        String paid = anvil.sendRaw(signed);
        EthBlock.Block included = anvil.mine();
        scanner.scanOnce();
        anvil.mine();
        scanner.scanOnce();
        anvil.mine();
        scanner.scanOnce();
        PaymentId payment = payment(paid, 0);
        List<ChainObservation> before = observations.drain();
        assertThat(before).extracting(ChainObservation::getClass)
                          .containsExactly(TransferObserved.class, ConfirmationsObserved.class,
                                           ConfirmationsObserved.class);
        assertThat(((ConfirmationsObserved) before.get(2)).confirmations()).isEqualTo(3).isLessThan(CONFIRMATION_DEPTH);

        // The last three blocks are replaced; the same signed payment lands one block later, after a mint whose
        // log comes first in that block.
        String mint = usdt.signMint(AnvilNode.ACCOUNT_0, AnvilNode.ACCOUNT_3, 1_000_000);
        anvil.reorg(3, List.of(new AnvilNode.Replacement(mint, 1), new AnvilNode.Replacement(signed, 1)));
        EthBlock.Block reincluded = anvil.block(included.getNumber().longValueExact() + 1);
        assertThat(anvil.receipt(paid).getBlockHash()).isEqualTo(reincluded.getHash());
        assertThat(anvil.receipt(paid).getLogs().get(0).getLogIndex().intValue()).isEqualTo(1);

        scanner.scanOnce();

        List<ChainObservation> after = observations.drain();
        assertThat(after).allSatisfy(o -> assertThat(o.paymentId()).isEqualTo(payment));
        assertThat(after).hasSize(3);
        assertThat(after.get(0)).isInstanceOfSatisfying(TransferOrphaned.class,
                o -> assertThat(o.blockHash()).isEqualTo(included.getHash()));
        assertThat(after.get(1)).isInstanceOfSatisfying(TransferObserved.class, o -> {
            assertThat(o.blockNumber()).isEqualTo(reincluded.getNumber().longValueExact());
            assertThat(o.blockHash()).isEqualTo(reincluded.getHash());
            assertThat(o.amount()).isEqualTo(usdt("150"));
            assertThat(o.to()).isEqualTo(DEPOSIT_1);
        });
        assertThat(after.get(2)).isInstanceOfSatisfying(ConfirmationsObserved.class, c -> {
            assertThat(c.blockHash()).isEqualTo(reincluded.getHash());
            assertThat(c.confirmations()).isEqualTo(2);
        });

        anvil.mine();
        scanner.scanOnce();
        assertThat(observations.drain()).singleElement().isInstanceOfSatisfying(ConfirmationsObserved.class, c -> {
            assertThat(c.paymentId()).isEqualTo(payment);
            assertThat(c.blockHash()).isEqualTo(reincluded.getHash());
            assertThat(c.confirmations()).isEqualTo(3);
        });
    }
}
