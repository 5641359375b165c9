package dev.tally.launcher.kafka;

import dev.tally.command.CommandSideApplication;
import dev.tally.command.payment.CommandBusObservationPort;
import dev.tally.command.transport.KafkaObservationConsumer;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.invoice.CreateInvoice;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.merchant.RegisterMerchant;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.mode.Mode;
import dev.tally.platform.test.TestDatabase;
import dev.tally.watcher.ChainWatcherApplication;
import dev.tally.watcher.sandbox.SandboxChain;
import dev.tally.watcher.transport.KafkaObservationPublisher;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chain watcher ({@link ChainWatcherApplication}) and the command side ({@link CommandSideApplication}) as two
 * applications that share nothing but a Kafka broker and the PostgreSQL database: a transfer on the watcher's sandbox
 * chain becomes a payment in the command side. The two run as two Spring contexts in one JVM; each is given only its
 * own module (this test's classpath has every module, hence the excluded auto-configurations), so the payment can
 * only have come over the broker.
 */
class SeparateProcessesTest {
    private static final String QUERY_SIDE = "dev.tally.query.QuerySideAutoConfiguration";
    private static final String SAGAS = "dev.tally.saga.SagaCoordinatorAutoConfiguration";
    private static final String COMMAND_SIDE = "dev.tally.command.CommandSideAutoConfiguration";
    private static final String WATCHER = "dev.tally.watcher.ChainWatcherAutoConfiguration";

    private KraftBroker broker;
    private TestDatabase database;
    private ConfigurableApplicationContext commandSide;
    private ConfigurableApplicationContext watcher;

    @BeforeEach
    void start() {
        broker = KraftBroker.start();
        database = TestDatabase.create();
        commandSide = KafkaApps.start(CommandSideApplication.class, database, broker.bootstrapServers(),
                "--spring.application.name=tally-command-side",
                "--spring.autoconfigure.exclude=" + String.join(",", QUERY_SIDE, SAGAS, WATCHER),
                "--tally.admin.api-key=tly_admin_kafka_processes_0123456789abcdef",
                "--tally.chains.generate-development-keys=true");
        watcher = KafkaApps.start(ChainWatcherApplication.class, database, broker.bootstrapServers(),
                "--spring.application.name=tally-chain-watcher",
                "--spring.autoconfigure.exclude=" + String.join(",", QUERY_SIDE, SAGAS, COMMAND_SIDE),
                "--tally.sandbox.enabled=true",
                "--tally.sandbox.block-interval=200ms");
    }

    @AfterEach
    void stop() {
        try {
            close(watcher);
            close(commandSide);
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
    void aTransferSeenByTheWatcherProcessBecomesAPaymentInTheCommandSideProcess() {
        // Each application holds its own half of the transport, and only that.
        assertThat(watcher.getBean(ChainObservationPort.class)).isInstanceOf(KafkaObservationPublisher.class);
        assertThat(watcher.getBeansOfType(KafkaObservationConsumer.class)).isEmpty();
        assertThat(watcher.getBeansOfType(CommandBusObservationPort.class)).isEmpty();
        assertThat(commandSide.getBeansOfType(KafkaObservationConsumer.class)).hasSize(1);
        assertThat(commandSide.getBeansOfType(KafkaObservationPublisher.class)).isEmpty();
        assertThat(commandSide.getBeansOfType(SandboxChain.class)).isEmpty();

        CommandGateway commands = commandSide.getBean(CommandGateway.class);
        MerchantId merchant = MerchantId.of("mer_" + hex(11));
        commands.sendAndWait(new RegisterMerchant(merchant, "Two Processes Shop", 100, null,
                                                  ApiKeyId.of("key_" + hex(11)), "tly_live_processes", hex(32)));
        InvoiceCreated invoice = commands.sendAndWait(new CreateInvoice(InvoiceId.of("inv_" + hex(11)), merchant,
                TokenAmount.parse("20", Asset.USDT), Chain.TRON, "order-processes", null, Map.of(),
                Duration.ofMinutes(30), Mode.TEST));

        SandboxChain.Transfer transfer = watcher.getBean(SandboxChain.class)
                .submit(Chain.TRON, invoice.depositAddress(), TokenAmount.parse("20", Asset.USDT));
        PaymentId payment = PaymentId.of(transfer.chain(), transfer.txHash(), transfer.logIndex());

        JdbcTemplate jdbc = commandSide.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT payload_type FROM eventstore.domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", String.class, payment.value()))
                .contains("dev.tally.kernel.payment.PaymentDetected", "dev.tally.kernel.payment.PaymentConfirmed"));
        assertThat(jdbc.queryForList("SELECT payload_type FROM eventstore.domain_event_entry "
                                     + "WHERE aggregate_identifier = ?", String.class, payment.value()))
                .doesNotContain("dev.tally.kernel.payment.UnmatchedTransferRecorded");
    }

    private static void close(ConfigurableApplicationContext context) {
        if (context != null) {
            context.close();
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
