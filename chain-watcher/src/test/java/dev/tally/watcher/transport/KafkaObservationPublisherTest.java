package dev.tally.watcher.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferFailed;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.chain.TransferOrphaned;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publisher against a real (embedded KRaft) broker: what it writes, and that it never returns before the broker has it. */
@EmbeddedKafka(kraft = true, partitions = 3, topics = KafkaObservationPublisherTest.TOPIC)
class KafkaObservationPublisherTest {
    static final String TOPIC = "observations-under-test";
    static final String TX = "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123Z");

    private final EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();

    @Test
    void everyObservationIsAnEnvelopeKeyedByItsPaymentId() throws Exception {
        TransferObserved transfer = new TransferObserved(Chain.TRON, TX, 2, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                "TCustomer", "TDeposit", TokenAmount.ofBaseUnits(Asset.USDT, 1_500_000), 700L, "0xbeef", T0);
        PaymentId id = transfer.paymentId();
        List<ChainObservation> published = List.of(transfer,
                new ConfirmationsObserved(id, "0xbeef", 5, T0.plusSeconds(3)),
                new TransferOrphaned(id, "0xbeef", T0.plusSeconds(6)),
                new TransferFailed(id, "REVERT", T0.plusSeconds(9)));

        KafkaObservationPublisher publisher = publisher(broker.getBrokersAsString(), Duration.ofSeconds(30));
        try {
            published.forEach(publisher::accept);
        } finally {
            publisher.destroy();
        }

        List<ConsumerRecord<String, String>> records = read(published.size());
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(id.value());
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            values.add(new ObjectMapper().readTree(record.value()));
        }
        assertThat(values).extracting(v -> v.get("type").asText())
                          .containsExactly("TransferObserved", "ConfirmationsObserved", "TransferOrphaned",
                                           "TransferFailed");
        assertThat(values).extracting(v -> v.get("paymentId").asText()).containsOnly(id.value());

        JsonNode seen = values.get(0).get("observation");
        assertThat(seen.get("chain").asText()).isEqualTo("tron");
        assertThat(seen.get("txHash").asText()).isEqualTo(TX);
        assertThat(seen.get("logIndex").asInt()).isEqualTo(2);
        assertThat(seen.get("amount")).hasSize(2);
        assertThat(seen.get("amount").get("asset").asText()).isEqualTo("USDT");
        assertThat(seen.get("amount").get("baseUnits").asLong()).isEqualTo(1_500_000L);
        assertThat(seen.get("blockNumber").asLong()).isEqualTo(700L);
        assertThat(seen.get("observedAt").asText()).isEqualTo("2026-01-02T03:04:05.123Z");
        assertThat(values.get(1).get("observation").get("confirmations").asInt()).isEqualTo(5);
        assertThat(values.get(1).get("observation").get("paymentId").asText()).isEqualTo(id.value());
        assertThat(values.get(3).get("observation").get("reason").asText()).isEqualTo("REVERT");
    }

    @Test
    void withoutABrokerAPublishFailsSoTheScannerDoesNotAdvance() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        KafkaObservationPublisher publisher = publisher("localhost:" + closedPort, Duration.ofMillis(500));
        try {
            assertThatThrownBy(() -> publisher.accept(new TransferFailed(PaymentId.of(Chain.TRON, TX, 0), "REVERT",
                                                                         T0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(TOPIC);
        } finally {
            publisher.destroy();
        }
    }

    private static KafkaObservationPublisher publisher(String bootstrapServers, Duration sendTimeout) {
        // Spring Boot's factory configuration as the base, as in the application
        var bootFactory = new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "1"));
        return new KafkaObservationPublisher(bootFactory, TOPIC, sendTimeout);
    }

    private List<ConsumerRecord<String, String>> read(int count) {
        Map<String, Object> props = KafkaTestUtils.consumerProps("reader", "false", broker);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            broker.consumeFromAnEmbeddedTopic(consumer, TOPIC);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(30), count).records(TOPIC).forEach(records::add);
            return records;
        }
    }
}
