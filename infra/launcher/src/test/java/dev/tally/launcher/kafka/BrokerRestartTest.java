package dev.tally.launcher.kafka;

import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.invoice.CreateInvoice;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoicePaymentView;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.merchant.RegisterMerchant;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentStatus;
import dev.tally.kernel.mode.Mode;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.TestDatabase;
import dev.tally.watcher.transport.KafkaObservationPublisher;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chain observations cross a real Kafka broker that is stopped and started again in the middle of the stream, from
 * the chain watcher's publisher to the command side's consumer and on into the real command side (Axon on
 * PostgreSQL, both sagas, the projections). The publisher, like the scanner, reports again whatever it could not
 * publish; the consumer commits an offset only after the command side took the observation. Nothing is lost: every
 * invoice ends SETTLED with exactly the money sent to it; nothing is credited twice, however often an observation
 * arrives.
 */
class BrokerRestartTest {
    private static final String USDT_TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    /** Blocks each transfer is reported on after its own: the scanner reports confirmations beyond the threshold. */
    private static final int CONFIRMATIONS_REPORTED = 14;

    private KraftBroker broker;
    private TestDatabase database;
    private ConfigurableApplicationContext tally;
    private final ExecutorService scanner = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-scanner"));

    @BeforeEach
    void start() {
        broker = KraftBroker.start();
        database = TestDatabase.create();
        tally = KafkaApps.start(TallyApplication.class, database, broker.bootstrapServers(),
                "--tally.admin.api-key=tly_admin_kafka_restart_0123456789abcdef",
                "--tally.transport.send-timeout=PT2S",
                "--tally.transport.retry.initial-interval=PT0.2S",
                "--tally.transport.retry.max-interval=PT2S");
    }

    @AfterEach
    void stop() {
        scanner.shutdownNow();
        try {
            if (tally != null) {
                tally.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void aBrokerRestartMidStreamLosesNoObservationAndCreditsNoneTwice() throws Exception {
        ChainObservationPort port = tally.getBean(ChainObservationPort.class);
        assertThat(port).as("the scanner's port with tally.transport=kafka").isInstanceOf(KafkaObservationPublisher.class);
        CommandGateway commands = tally.getBean(CommandGateway.class);
        QueryGateway queries = tally.getBean(QueryGateway.class);
        JdbcTemplate jdbc = tally.getBean(JdbcTemplate.class);

        MerchantId merchant = MerchantId.of("mer_" + hex(11));
        commands.sendAndWait(new RegisterMerchant(merchant, "Restart Shop", 100, null,
                                                  ApiKeyId.of("key_" + hex(11)), "tly_live_restart", hex(32)));
        // Invoice amount → the transfers that pay it (two partial payments for some).
        Map<InvoiceCreated, List<TransferObserved>> payments = new LinkedHashMap<>();
        long block = 1_000;
        for (String[] plan : new String[][]{{"150.00", "150.00"}, {"9.99", "9.99"}, {"20", "12", "8"},
                                            {"500", "300", "200"}, {"42.42", "42.42"}, {"1000", "1000"},
                                            {"75", "75"}, {"250.50", "250.50"}}) {
            InvoiceCreated invoice = commands.sendAndWait(new CreateInvoice(InvoiceId.of("inv_" + hex(11)), merchant,
                    TokenAmount.parse(plan[0], Asset.USDT), Chain.TRON, "order-" + hex(4), null, Map.of(),
                    Duration.ofMinutes(30), Mode.TEST));
            List<TransferObserved> transfers = new ArrayList<>();
            for (int i = 1; i < plan.length; i++) {
                transfers.add(new TransferObserved(Chain.TRON, hex(32), 0, USDT_TRON, "TCustomer",
                        invoice.depositAddress(), TokenAmount.parse(plan[i], Asset.USDT), block, "block-" + block,
                        Instant.now()));
                block++;
            }
            payments.put(invoice, transfers);
        }
        List<ChainObservation> stream = asTheScannerReportsThem(payments.values().stream().flatMap(List::stream).toList());

        // The scanner: publishes in order; what fails is reported again (as the scanner does at its next pass).
        AtomicInteger published = new AtomicInteger();
        AtomicInteger failedPublishes = new AtomicInteger();
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch brokerStopped = new CountDownLatch(1);
        Future<?> scanning = scanner.submit(() -> {
            for (ChainObservation observation : stream) {
                if (published.get() == stream.size() / 2) {
                    halfway.countDown();
                    brokerStopped.await();
                }
                while (true) {
                    try {
                        port.accept(observation);
                        break;
                    } catch (IllegalStateException e) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw e; // the test is over
                        }
                        failedPublishes.incrementAndGet();
                    }
                }
                published.incrementAndGet();
            }
            return null;
        });

        assertThat(halfway.await(120, TimeUnit.SECONDS)).isTrue();
        // The command side is taking observations when the broker goes away.
        await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, "dev.tally.kernel.payment.PaymentDetected") > 0);
        broker.stop();
        brokerStopped.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> failedPublishes.get() >= 2);
        broker.restart();

        await().atMost(Duration.ofSeconds(120)).until(scanning::isDone);
        scanning.get(); // rethrows what went wrong in the scanner
        assertThat(published.get()).isEqualTo(stream.size());

        for (InvoiceCreated invoice : payments.keySet()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> view(queries, merchant, invoice).status()
                                                                == InvoiceStatus.SETTLED);
        }
        long netTotal = 0;
        for (Map.Entry<InvoiceCreated, List<TransferObserved>> paid : payments.entrySet()) {
            InvoiceCreated invoice = paid.getKey();
            List<TransferObserved> transfers = paid.getValue();
            InvoiceView view = view(queries, merchant, invoice);
            assertThat(view.payments()).as(invoice.invoiceId().value())
                                       .extracting(InvoicePaymentView::id, InvoicePaymentView::status,
                                                   InvoicePaymentView::amount)
                                       .containsExactlyInAnyOrderElementsOf(transfers.stream()
                                               .map(t -> org.assertj.core.groups.Tuple.tuple(t.paymentId(),
                                                       PaymentStatus.CONFIRMED, t.amount().toDecimalString()))
                                               .toList());
            for (TransferObserved transfer : transfers) {
                PaymentId payment = transfer.paymentId();
                assertThat(count(jdbc, payment.value(), "dev.tally.kernel.payment.PaymentDetected")).isEqualTo(1);
                assertThat(count(jdbc, payment.value(), "dev.tally.kernel.payment.PaymentConfirmed")).isEqualTo(1);
            }
            String invoiceId = invoice.invoiceId().value();
            assertThat(count(jdbc, invoiceId, "dev.tally.kernel.invoice.InvoicePaymentConfirmed"))
                    .isEqualTo(transfers.size());
            assertThat(count(jdbc, invoiceId, "dev.tally.kernel.invoice.InvoicePaid")).isEqualTo(1);
            String settlement = "stl_" + invoiceId.substring(4);
            assertThat(count(jdbc, settlement, "dev.tally.kernel.settlement.SettlementCreated")).isEqualTo(1);
            Map<String, Object> split = jdbc.queryForMap(
                    "SELECT gross_base_units, net_base_units FROM query.settlements WHERE settlement_id = ?", settlement);
            assertThat(split.get("gross_base_units")).isEqualTo(invoice.amount().baseUnits());
            netTotal += (Long) split.get("net_base_units");
        }
        long expectedNet = netTotal;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT coalesce(sum(credits_posted - debits_posted), 0) FROM query.ledger_accounts "
                + "WHERE merchant_id = ? AND kind = 'MERCHANT_AVAILABLE'", Long.class, merchant.value()))
                .isEqualTo(expectedNet));
    }

    /**
     * Block by block, as a scanner reports them: each transfer in the block it is in, then its confirmations at every
     * following block until it is {@link #CONFIRMATIONS_REPORTED} deep.
     */
    private static List<ChainObservation> asTheScannerReportsThem(List<TransferObserved> transfers) {
        long first = transfers.stream().mapToLong(TransferObserved::blockNumber).min().orElseThrow();
        long last = transfers.stream().mapToLong(TransferObserved::blockNumber).max().orElseThrow()
                    + CONFIRMATIONS_REPORTED;
        List<ChainObservation> stream = new ArrayList<>();
        for (long head = first; head <= last; head++) {
            for (TransferObserved transfer : transfers) {
                long depth = head - transfer.blockNumber() + 1;
                if (depth == 1) {
                    stream.add(transfer);
                } else if (depth > 1 && depth <= CONFIRMATIONS_REPORTED) {
                    stream.add(new ConfirmationsObserved(transfer.paymentId(), transfer.blockHash(), (int) depth,
                                                         Instant.now()));
                }
            }
        }
        return stream;
    }

    private static InvoiceView view(QueryGateway queries, MerchantId merchant, InvoiceCreated invoice) {
        return queries.query(new FindInvoice(merchant, invoice.invoiceId(), Mode.TEST),
                             ResponseTypes.optionalInstanceOf(InvoiceView.class))
                      .join().orElseThrow();
    }

    private static int count(JdbcTemplate jdbc, String payloadType) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM eventstore.domain_event_entry WHERE payload_type = ?",
                                        Integer.class, payloadType);
        return n == null ? 0 : n;
    }

    private static int count(JdbcTemplate jdbc, String aggregate, String payloadType) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM eventstore.domain_event_entry "
                                        + "WHERE aggregate_identifier = ? AND payload_type = ?",
                                        Integer.class, aggregate, payloadType);
        return n == null ? 0 : n;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
