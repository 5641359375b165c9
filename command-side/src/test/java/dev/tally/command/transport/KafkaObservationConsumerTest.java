package dev.tally.command.transport;

import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.ids.PaymentId;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consumer against a real (embedded KRaft) broker: nothing lost, order per key, retry, dead letters. */
@SpringBootTest(classes = KafkaObservationConsumerTest.TestApp.class, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "tally.transport=kafka",
        "tally.transport.retry.initial-interval=PT0.05S",
        "tally.transport.retry.max-interval=PT0.2S"})
@EmbeddedKafka(kraft = true, partitions = 2, topics = {KafkaObservationConsumerTest.TOPIC, KafkaObservationConsumerTest.DLT})
class KafkaObservationConsumerTest {
    static final String TOPIC = "tally.chain-observations";
    static final String DLT = "tally.chain-observations.DLT";
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @SpringBootConfiguration
    @ImportAutoConfiguration(KafkaAutoConfiguration.class)
    @Import(KafkaTransportConfiguration.class)
    static class TestApp {
        @Bean
        RecordingPort recordingPort() {
            return new RecordingPort();
        }

        @Bean
        KafkaObservationConsumer kafkaObservationConsumer(RecordingPort port,
                                                          ObservationConsumingProperties properties) {
            return new KafkaObservationConsumer((ChainObservationPort) port, properties);
        }
    }

    /** Records what it accepted; fails the first N deliveries of the payment ids it is told to. */
    static class RecordingPort implements ChainObservationPort {
        final List<ChainObservation> accepted = new CopyOnWriteArrayList<>();
        final Map<PaymentId, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
        final Map<PaymentId, AtomicInteger> deliveries = new ConcurrentHashMap<>();

        @Override
        public void accept(ChainObservation observation) {
            deliveries.computeIfAbsent(observation.paymentId(), id -> new AtomicInteger()).incrementAndGet();
            AtomicInteger left = failuresLeft.get(observation.paymentId());
            if (left != null && left.getAndDecrement() > 0) {
                throw new IllegalStateException("simulated command failure for " + observation.paymentId());
            }
            accepted.add(observation);
        }

        List<ChainObservation> of(PaymentId id) {
            return accepted.stream().filter(o -> o.paymentId().equals(id)).toList();
        }
    }

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    RecordingPort port;
    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void everyObservationArrivesInOrderPerKey() throws Exception {
        List<PaymentId> ids = List.of(pid("a1"), pid("a2"), pid("a3"), pid("a4"));
        for (int confirmations = 1; confirmations <= 10; confirmations++) {
            for (PaymentId id : ids) {
                send(id.value(), confirmationsJson(id, confirmations));
            }
        }
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            for (PaymentId id : ids) {
                assertThat(port.of(id)).extracting(o -> ((ConfirmationsObserved) o).confirmations())
                        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
            }
        });
    }

    @Test
    void aFailingObservationIsRetriedUntilItSucceedsAndBlocksOnlyWhatFollowsIt() throws Exception {
        PaymentId failing = pid("b1");
        port.failuresLeft.put(failing, new AtomicInteger(3));
        send(failing.value(), confirmationsJson(failing, 1));
        send(failing.value(), confirmationsJson(failing, 2));

        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(port.of(failing))
                .extracting(o -> ((ConfirmationsObserved) o).confirmations()).containsExactly(1, 2));
        // 3 failed + 1 successful delivery of the first, 1 of the second: retried, not skipped, not duplicated
        assertThat(port.deliveries.get(failing).get()).isEqualTo(5);
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndDoesNotBlockTheNextOne() throws Exception {
        PaymentId next = pid("c1");
        String key = next.value(); // same key: same partition, right before the good one
        send(key, "{\"type\":\"java.lang.Runtime\",\"observation\":{}}");
        send(key, confirmationsJson(next, 1));

        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(port.of(next)).hasSize(1));

        Map<String, Object> props = KafkaTestUtils.consumerProps("dlt-reader", "false", broker);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> dlt = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            broker.consumeFromAnEmbeddedTopic(dlt, DLT);
            ConsumerRecord<String, String> dead = KafkaTestUtils.getSingleRecord(dlt, DLT, Duration.ofSeconds(30));
            assertThat(dead.key()).isEqualTo(key);
            assertThat(dead.value()).contains("java.lang.Runtime");
            assertThat(dead.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
        }
    }

    private void send(String key, String value) throws Exception {
        kafka.send(TOPIC, key, value).get(10, TimeUnit.SECONDS);
    }

    private static PaymentId pid(String suffix) {
        return PaymentId.of("tron:" + "00000000000000000000000000000000000000000000000000000000000000" + suffix + ":0");
    }

    /** Producer-shaped JSON, as the chain watcher's ObservationEnvelope writes it. */
    private static String confirmationsJson(PaymentId id, int confirmations) {
        return """
                {"type":"ConfirmationsObserved","paymentId":"%s","observation":{"paymentId":"%s",\
                "blockHash":"0xbeef","confirmations":%d,"observedAt":"%s"}}"""
                .formatted(id, id, confirmations, T0.plusSeconds(confirmations));
    }
}
