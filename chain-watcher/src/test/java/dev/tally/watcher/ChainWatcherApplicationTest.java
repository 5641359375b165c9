package dev.tally.watcher;

import com.jayway.jsonpath.JsonPath;
import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.test.FreshDatabaseInitializer;
import dev.tally.watcher.addresses.WatchedAddressBook;
import dev.tally.watcher.addresses.WatchedAddressCache;
import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;
import dev.tally.watcher.chain.ChainClientFactory;
import dev.tally.watcher.chain.ChainEndpoint;
import dev.tally.watcher.config.ChainWatchers;
import dev.tally.watcher.sandbox.SandboxChain;
import dev.tally.watcher.scan.BlockScanner;
import dev.tally.watcher.scan.ChainScanLoop;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chain watcher deployed alone on a database of its own, watching a configured chain whose node is an in-test
 * {@link ChainClientFactory} of type {@code test} (a simulated chain behind it): watched addresses from real invoice
 * events in the event store, scanning on its own thread, dust, health and metrics over HTTP.
 */
@SpringBootTest(classes = ChainWatcherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=tly_admin_chain_watcher_test_0123456789",
                "logging.level.org.axonframework.eventhandling.pooled=WARN",
                "tally.chains.testnet.type=test",
                "tally.chains.testnet.chain=tron",
                "tally.chains.testnet.endpoints[0].url=test://node-a/secret-path",
                "tally.chains.testnet.endpoints[0].api-key=node-key",
                "tally.chains.testnet.call-timeout=2s",
                "tally.chains.testnet.retry.max-attempts=2",
                "tally.chains.testnet.retry.initial-backoff=10ms",
                "tally.chains.testnet.retry.max-backoff=20ms",
                "tally.chains.testnet.poll-interval=100ms",
                "tally.chains.testnet.first-block=1",
                "tally.chains.testnet.confirmation-depth=3",
                "tally.chains.testnet.max-lag=5",
                "tally.chains.address-refresh-interval=200ms",
                "tally.invoices.monitoring-window=60m"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@AutoConfigureObservability
@Import(ChainWatcherApplicationTest.TestChain.class)
class ChainWatcherApplicationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Autowired
    TestNode node;
    @Autowired
    Recorder observations;
    @Autowired
    EventBus eventBus;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    WatchedAddressCache addresses;
    @Autowired
    ChainWatchers watchers;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock clock;
    @Autowired
    TestRestTemplate http;

    /** The node behind the test factory: a simulated chain that can be down, or claim a head it cannot serve. */
    static class TestNode implements ChainClient {
        final SandboxChain chain = new SandboxChain();
        final List<ChainEndpoint> connected = new CopyOnWriteArrayList<>();
        volatile boolean down;
        volatile long headAhead;

        @Override
        public long headNumber() {
            failIfDown();
            return chain.headNumber() + headAhead;
        }

        @Override
        public Optional<ChainBlock> block(long number) {
            failIfDown();
            return chain.block(number);
        }

        @Override
        public OptionalLong finalizedNumber() {
            failIfDown();
            return OptionalLong.of(Math.max(0, chain.headNumber() - 2));
        }

        private void failIfDown() {
            if (down) {
                throw new IllegalStateException("node unreachable");
            }
        }

        SandboxChain.Block block() {
            return chain.produceBlock(Instant.now());
        }
    }

    /** The observation port of this process (in production: Kafka or the command side in-process). */
    static class Recorder implements ChainObservationPort {
        final List<ChainObservation> seen = new CopyOnWriteArrayList<>();
        final AtomicBoolean refuse = new AtomicBoolean();

        @Override
        public void accept(ChainObservation observation) {
            if (refuse.get()) {
                throw new IllegalStateException("transport down");
            }
            seen.add(observation);
        }

        boolean saw(PaymentId payment) {
            return seen.stream().anyMatch(o -> o instanceof TransferObserved && o.paymentId().equals(payment));
        }
    }

    @TestConfiguration
    static class TestChain {
        @Bean
        TestNode testNode() {
            return new TestNode();
        }

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        ChainClientFactory testChainClientFactory(TestNode node) {
            return new ChainClientFactory() {
                @Override
                public String type() {
                    return "test";
                }

                @Override
                public ChainClient connect(ChainEndpoint endpoint) {
                    node.connected.add(endpoint);
                    return node;
                }
            };
        }
    }

    // --- watched addresses -------------------------------------------------------------------------------------

    @Test
    void theFactoryConnectsEachEndpointWithTheChainsSettings() {
        assertThat(node.connected).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.name()).isEqualTo("testnet");
            assertThat(endpoint.chain()).isEqualTo(Chain.TRON);
            assertThat(endpoint.url()).isEqualTo("test://node-a/secret-path");
            assertThat(endpoint.apiKey()).isEqualTo("node-key");
            assertThat(endpoint.callTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(endpoint.tokenContracts()).containsExactly(SandboxChain.USDT_CONTRACT);
        });
    }

    @Test
    void anInvoicesAddressIsWatchedAndPaymentsToItReportedAlsoAfterItIsCancelled() {
        Invoice invoice = create(Instant.now().plus(Duration.ofMinutes(15)));
        await().atMost(PATIENCE).until(() -> addresses.isWatched(Chain.TRON, invoice.address, Instant.now()));
        assertThat(row(invoice)).containsEntry("closed_reason", null);

        SandboxChain.Transfer paid = pay(invoice, TokenAmount.parse("12.5", Asset.USDT));
        SandboxChain.Transfer toSomebodyElse = node.chain.submit(Chain.TRON, "TNobody" + body(), usdt("12.5"));
        SandboxChain.Transfer dust = pay(invoice, TokenAmount.ofBaseUnits(Asset.USDT, 9_999));
        SandboxChain.Transfer spam = pay(invoice, TokenAmount.zero(Asset.USDT));
        SandboxChain.Transfer reverted = node.chain.submit(Chain.TRON, SandboxChain.USDT_CONTRACT, invoice.address,
                                                           usdt("12.5"), false, null);
        SandboxChain.Block block = node.block();
        await().atMost(PATIENCE).until(() -> observations.saw(id(paid)));
        awaitProcessed(block.number());

        assertThat(observations.saw(id(toSomebodyElse))).isFalse();
        assertThat(observations.saw(id(dust))).isFalse();
        assertThat(observations.saw(id(spam))).isFalse();
        assertThat(observations.saw(id(reverted))).isFalse(); // only its failure was reported
        assertThat(jdbc.sql("SELECT tx_hash || ' ' || amount || ' ' || reason || ' ' || to_address "
                            + "FROM watcher.ignored_transfer WHERE to_address = ?")
                       .param(invoice.address).query(String.class).list())
                .containsExactlyInAnyOrder(dust.txHash() + " 9999 BELOW_DUST_THRESHOLD " + invoice.address,
                                           spam.txHash() + " 0 ZERO_VALUE " + invoice.address,
                                           reverted.txHash() + " 12500000 REVERTED " + invoice.address);

        // Money sent after a cancel still arrives: the invoice records it as the merchant's unapplied funds.
        publish(invoice.id, 1, new InvoiceCancelled(invoice.id, invoice.merchant, Instant.now()));
        awaitAddressBookCaughtUp();
        assertThat(addresses.isWatched(Chain.TRON, invoice.address, Instant.now())).isTrue();
        SandboxChain.Transfer afterCancel = pay(invoice, usdt("12.5"));
        awaitProcessed(node.block().number());
        assertThat(observations.saw(id(afterCancel))).isTrue();
    }

    /** Prevents: a watcher catching up on blocks faster than it learns new addresses skipping their payments. */
    @Test
    void aBlockPayingAnAddressTheWatcherHasNotLearntYetIsHeldBackNotSkipped() {
        awaitAddressBookCaughtUp();
        StreamingEventProcessor book = addressBook();
        book.shutDown();
        SandboxChain.Transfer paid;
        try {
            // Created while the address book is stopped: no process knows the address yet.
            Invoice invoice = create(Instant.now().plus(Duration.ofMinutes(15)));
            paid = pay(invoice, usdt("12.5"));
            SandboxChain.Block block = node.block();
            BlockScanner scanner = watchers.byName().get("testnet").scanner();
            scanner.scanOnce();

            assertThat(scanner.checkpoint().orElse(-1)).isLessThan(block.number());
            assertThat(observations.saw(id(paid))).isFalse();
        } finally {
            book.start();
        }
        await().atMost(PATIENCE).until(() -> observations.saw(id(paid)));
    }

    /**
     * Prevents: a watcher restarted far behind (its scanner stopped for 40 blocks) skipping the payments of invoices
     * created while it was away, the later ones unknown even to its address book, which is stopped too until the
     * scanner has caught up as far as it may.
     */
    @Test
    void aWatcherFarBehindReportsEveryPaymentOfInvoicesCreatedMeanwhile() {
        awaitAddressBookCaughtUp();
        StreamingEventProcessor book = addressBook();
        List<SandboxChain.Transfer> payments = new ArrayList<>();
        ChainScanLoop loop = watchers.byName().get("testnet").loop();
        loop.stop();
        try {
            for (int round = 0; round < 5; round++) {
                if (round == 2) {
                    awaitAddressBookCaughtUp();
                    book.shutDown(); // the invoices of rounds 2 to 4 are known to no watcher process
                }
                for (int i = 0; i < 8; i++) {
                    node.block();
                }
                Invoice invoice = create(Instant.now().plus(Duration.ofMinutes(15)));
                payments.add(pay(invoice, usdt("12.5")));
                payments.add(pay(invoice, usdt("0.5")));
            }
            node.block();
            loop.start();
            // The scanner catches up as far as its watched set covers, and holds back there: what it reports meanwhile
            // is at most the payments of the invoices its book knows.
            assertThat(payments.subList(4, payments.size())).noneMatch(p -> observations.saw(id(p)));
        } finally {
            loop.start();
            book.start();
        }
        await().atMost(PATIENCE).until(() -> payments.stream().allMatch(p -> observations.saw(id(p))));
        awaitProcessed(node.chain.headNumber());
    }

    @Test
    void aSettledInvoiceStaysWatchedAndAnExpiredOneOnlyInsideItsMonitoringWindow() {
        Invoice settled = create(Instant.now().plus(Duration.ofMinutes(15)));
        Invoice expiredRecently = create(Instant.now().minus(Duration.ofMinutes(30)));
        Invoice expiredLongAgo = create(Instant.now().minus(Duration.ofMinutes(61)));
        publish(expiredRecently.id, 1, new InvoiceExpired(expiredRecently.id, expiredRecently.merchant,
                                                          Instant.now().minus(Duration.ofMinutes(30))));
        await().atMost(PATIENCE).until(() -> addresses.isWatched(Chain.TRON, settled.address, Instant.now()));
        publish(settled.id, 1, new InvoiceSettled(settled.id, settled.merchant, SettlementId.forInvoice(settled.id),
                                                  Instant.now()));

        awaitAddressBookCaughtUp();
        assertThat(addresses.isWatched(Chain.TRON, settled.address, Instant.now())).isTrue();
        assertThat(addresses.isWatched(Chain.TRON, expiredRecently.address, Instant.now())).isTrue();
        assertThat(row(expiredLongAgo)).isNotEmpty();
        assertThat(addresses.isWatched(Chain.TRON, expiredLongAgo.address, Instant.now())).isFalse();
    }

    @Test
    void replayingTheInvoiceEventsChangesNothingAndNeverDropsAnAddress() {
        Invoice open = create(Instant.now().plus(Duration.ofMinutes(15)));
        Invoice cancelled = create(Instant.now().plus(Duration.ofMinutes(15)));
        publish(cancelled.id, 1, new InvoiceCancelled(cancelled.id, cancelled.merchant, Instant.now()));
        awaitAddressBookCaughtUp();
        Map<String, Object> openBefore = row(open);
        Map<String, Object> cancelledBefore = row(cancelled);
        long rows = jdbc.sql("SELECT count(*) FROM watcher.watched_address").query(Long.class).single();

        StreamingEventProcessor processor = addressBook();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        awaitAddressBookCaughtUp();

        assertThat(row(open)).isEqualTo(openBefore);
        assertThat(row(cancelled)).isEqualTo(cancelledBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM watcher.watched_address").query(Long.class).single())
                .isEqualTo(rows);
        assertThat(addresses.isWatched(Chain.TRON, open.address, Instant.now())).isTrue();
        assertThat(addresses.isWatched(Chain.TRON, cancelled.address, Instant.now())).isTrue();
    }

    @Test
    void aWatcherInAnotherProcessSeesTheAddressesThroughTheTable() {
        // Another process: its own memory, fed only by the table (its handlers would hold other segments).
        WatchedAddressCache elsewhere = new WatchedAddressCache(jdbc, Duration.ofMinutes(60), clock);
        Invoice invoice = create(Instant.now().plus(Duration.ofMinutes(15)));
        await().atMost(PATIENCE).until(() -> addresses.isWatched(Chain.TRON, invoice.address, Instant.now()));

        assertThat(elsewhere.ready()).isFalse();
        elsewhere.load();
        assertThat(elsewhere.ready()).isTrue();
        assertThat(elsewhere.isWatched(Chain.TRON, invoice.address, Instant.now())).isTrue();

        Invoice later = create(Instant.now().plus(Duration.ofMinutes(15)));
        publish(invoice.id, 1, new InvoiceCancelled(invoice.id, invoice.merchant, Instant.now()));
        await().atMost(PATIENCE).untilAsserted(() -> {
            elsewhere.refresh();
            assertThat(elsewhere.isWatched(Chain.TRON, later.address, Instant.now())).isTrue();
            assertThat(elsewhere.isWatched(Chain.TRON, invoice.address, Instant.now())).isTrue();
        });
    }

    @Test
    void evmAddressesAreWatchedWhateverTheirCase() {
        String address = "0x" + "AbCdEf0123456789".repeat(2) + "AbCdEf01";
        InvoiceId id = InvoiceId.of("inv_" + body());
        publish(id, 0, new InvoiceCreated(id, MerchantId.of("mer_" + body()), "order", usdt("5"), Chain.ETHEREUM,
                                          address, 7, 1, 100, null, Map.of(), Instant.now(),
                                          Instant.now().plus(Duration.ofMinutes(15))));
        await().atMost(PATIENCE).until(() -> addresses.isWatched(Chain.ETHEREUM, address.toLowerCase(),
                                                                 Instant.now()));
        assertThat(addresses.isWatched(Chain.TRON, address.toLowerCase(), Instant.now())).isFalse();
    }

    // --- scanning ----------------------------------------------------------------------------------------------

    @Test
    void confirmationsFollowAndCarryTheChainsFinality() {
        Invoice invoice = create(Instant.now().plus(Duration.ofMinutes(15)));
        await().atMost(PATIENCE).until(() -> addresses.isWatched(Chain.TRON, invoice.address, Instant.now()));
        SandboxChain.Transfer paid = pay(invoice, usdt("20"));
        node.block();
        await().atMost(PATIENCE).until(() -> observations.saw(id(paid)));
        for (int i = 0; i < 3; i++) {
            awaitProcessed(node.block().number());
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(observations.seen).filteredOn(
                o -> o instanceof ConfirmationsObserved c && c.paymentId().equals(id(paid)) && c.finalized()
                     && c.confirmations() == 3).hasSize(1));
    }

    @Test
    void aScanThatFailsIsRetriedAtTheNextTickAndTheLoopGoesOn() {
        Invoice invoice = create(Instant.now().plus(Duration.ofMinutes(15)));
        await().atMost(PATIENCE).until(() -> addresses.isWatched(Chain.TRON, invoice.address, Instant.now()));
        observations.refuse.set(true);
        try {
            SandboxChain.Transfer paid = pay(invoice, usdt("3"));
            node.block();
            await().atMost(PATIENCE).until(() -> String.valueOf(chainsHealth()).contains("transport down"));
            assertThat(observations.saw(id(paid))).isFalse();

            observations.refuse.set(false);
            await().atMost(PATIENCE).until(() -> observations.saw(id(paid)));
        } finally {
            observations.refuse.set(false);
        }
    }

    // --- health and metrics ------------------------------------------------------------------------------------

    @Test
    void healthShowsEachChainsHeightsAndLagAndGoesDownWhenTheNodeIsUnreachable() {
        awaitProcessed(node.block().number());
        await().atMost(PATIENCE).untilAsserted(() -> {
            String health = http.getForObject("/actuator/health", String.class);
            assertThat((String) JsonPath.read(health, "$.components.chains.components.testnet.status"))
                    .isEqualTo("UP");
            String chains = chainsHealth();
            assertThat((Boolean) JsonPath.read(chains, "$.components.chains.components.testnet.details.reachable")).isTrue();
            assertThat((String) JsonPath.read(chains, "$.components.chains.components.testnet.details.endpoint"))
                    .isEqualTo("test://node-a"); // never the path, which may hold a key
            assertThat(((Number) JsonPath.read(chains, "$.components.chains.components.testnet.details.headBlock")).longValue())
                    .isEqualTo(node.chain.headNumber());
            assertThat(((Number) JsonPath.read(chains, "$.components.chains.components.testnet.details.processedBlock")).longValue())
                    .isEqualTo(node.chain.headNumber());
            assertThat(((Number) JsonPath.read(chains, "$.components.chains.components.testnet.details.lagBlocks")).longValue())
                    .isZero();
        });

        node.down = true;
        try {
            await().atMost(PATIENCE).untilAsserted(() -> {
                String chains = chainsHealth();
                assertThat((String) JsonPath.read(chains, "$.components.chains.components.testnet.status")).isEqualTo("DOWN");
                assertThat((Boolean) JsonPath.read(chains, "$.components.chains.components.testnet.details.reachable")).isFalse();
                assertThat((String) JsonPath.read(http.getForObject("/actuator/health", String.class),
                                                  "$.components.chains.status")).isEqualTo("DOWN");
            });
        } finally {
            node.down = false;
        }
        await().atMost(PATIENCE).until(() -> JsonPath.read(chainsHealth(), "$.components.chains.components.testnet.status")
                                                     .equals("UP"));
    }

    @Test
    void healthGoesDownWhenTheScannerFallsFurtherBehindThanMaxLag() {
        node.headAhead = 50; // the node claims blocks it cannot serve yet: the scanner waits, 50 behind
        try {
            await().atMost(PATIENCE).untilAsserted(() -> {
                String chains = chainsHealth();
                assertThat((String) JsonPath.read(chains, "$.components.chains.components.testnet.status")).isEqualTo("DOWN");
                assertThat(((Number) JsonPath.read(chains, "$.components.chains.components.testnet.details.lagBlocks")).longValue())
                        .isEqualTo(50);
            });
        } finally {
            node.headAhead = 0;
        }
        await().atMost(PATIENCE).until(() -> JsonPath.read(chainsHealth(), "$.components.chains.components.testnet.status")
                                                     .equals("UP"));
    }

    @Test
    void prometheusHasTheHeadProcessedAndLagGaugesPerChain() {
        long head = node.block().number();
        awaitProcessed(head);
        await().atMost(PATIENCE).untilAsserted(() -> {
            String metrics = http.getForObject("/actuator/prometheus", String.class);
            assertThat(metrics).containsPattern("tally_chain_head_block\\{chain=\"testnet\"[^}]*} " + head + "\\.0");
            assertThat(metrics).containsPattern(
                    "tally_chain_processed_block\\{chain=\"testnet\"[^}]*} " + head + "\\.0");
            assertThat(metrics).containsPattern("tally_chain_lag_blocks\\{chain=\"testnet\"[^}]*} 0\\.0");
        });
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private record Invoice(InvoiceId id, MerchantId merchant, String address) {
    }

    private Invoice create(Instant expiresAt) {
        Invoice invoice = new Invoice(InvoiceId.of("inv_" + body()), MerchantId.of("mer_" + body()),
                                      "TDeposit" + body());
        publish(invoice.id, 0, new InvoiceCreated(invoice.id, invoice.merchant, "order-1", usdt("12.5"), Chain.TRON,
                                                  invoice.address, 1, 1, 100, null, Map.of(),
                                                  expiresAt.minus(Duration.ofMinutes(15)), expiresAt));
        return invoice;
    }

    private void publish(InvoiceId invoice, long sequence, Object event) {
        eventBus.publish(new GenericDomainEventMessage<>("Invoice", invoice.value(), sequence, event));
    }

    private SandboxChain.Transfer pay(Invoice invoice, TokenAmount amount) {
        return node.chain.submit(Chain.TRON, invoice.address, amount);
    }

    private Map<String, Object> row(Invoice invoice) {
        return jdbc.sql("SELECT invoice_id, chain, address, address_key, expires_at, closed_at, closed_reason, "
                        + "changed_at FROM watcher.watched_address WHERE invoice_id = ?")
                   .param(invoice.id.value()).query().singleRow();
    }

    private void awaitProcessed(long block) {
        await().atMost(PATIENCE).until(() -> watchers.byName().get("testnet").scanner().checkpoint()
                                                     .orElse(-1) >= block);
    }

    private StreamingEventProcessor addressBook() {
        return processing.eventProcessor(WatchedAddressBook.GROUP, StreamingEventProcessor.class).orElseThrow();
    }

    private void awaitAddressBookCaughtUp() {
        long head = eventStore.createHeadToken().position().orElse(-1);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(addressBook().processingStatus()).isNotEmpty();
            assertThat(addressBook().processingStatus().values()).allSatisfy(status -> {
                assertThat(status.isErrorState()).isFalse();
                assertThat(status.getCurrentPosition().orElse(-1)).isGreaterThanOrEqualTo(head);
            });
        });
    }

    private String chainsHealth() {
        return http.getForObject("/actuator/health/chains", String.class);
    }

    private static PaymentId id(SandboxChain.Transfer transfer) {
        return PaymentId.of(transfer.chain(), transfer.txHash(), transfer.logIndex());
    }

    private static TokenAmount usdt(String amount) {
        return TokenAmount.parse(amount, Asset.USDT);
    }

    private static String body() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            body.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return body.toString();
    }
}
