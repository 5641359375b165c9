package dev.tally.launcher.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import dev.tally.watcher.transport.KafkaObservationPublisher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The all-in-one launcher with {@code tally.transport=kafka} on a real (embedded KRaft) broker: the sandbox chain's
 * scanner publishes to Kafka (the publisher is the port it uses) and the command side's consumer brings the
 * observations back — an invoice paid on the sandbox chain over HTTP reaches SETTLED through the broker.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + SandboxOverKafkaTest.ADMIN_KEY,
                "tally.sandbox.enabled=true",
                "tally.sandbox.block-interval=200ms",
                "tally.transport=kafka",
                "tally.transport.kafka.partitions=2",
                "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "spring.datasource.hikari.maximum-pool-size=10",
                "logging.level.org.apache.kafka=warn",
                "logging.level.kafka=warn"
        })
@EmbeddedKafka(kraft = true, brokerProperties = "auto.create.topics.enable=false")
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
// Not kept for later test classes: its sandbox chain, consumer and connections would outlive the broker.
@DirtiesContext
class SandboxOverKafkaTest {
    static final String ADMIN_KEY = "tly_admin_kafka_sandbox_0123456789abcdef";
    static final String TOPIC = "tally.chain-observations";

    @LocalServerPort
    int port;
    @Autowired
    ChainObservationPort observationPort;
    @Autowired
    EmbeddedKafkaBroker broker;

    Http api;
    String merchantKey;

    @BeforeEach
    void merchant() {
        api = new Http(port);
        Http.Answer merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Kafka Shop " + UUID.randomUUID() + "\"}");
        assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
        merchantKey = merchant.json().get("testApiKey").asText();
    }

    @Test
    void anInvoicePaidOnTheSandboxChainIsSettledThroughKafka() throws Exception {
        assertThat(observationPort).as("the port the sandbox scanner reports to").isInstanceOf(KafkaObservationPublisher.class);

        Http.Answer created = api.post("/api/v1/invoices", merchantKey,
                "{\"amount\":\"150\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"kafka-1\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String invoiceId = created.json().get("id").asText();

        Http.Answer paid = api.post("/api/v1/sandbox/invoices/" + invoiceId + "/pay", merchantKey, "{}");
        assertThat(paid.status()).as(paid.body()).isEqualTo(202);
        String paymentId = paid.json().get("paymentId").asText();

        await().atMost(Duration.ofSeconds(90)).until(
                () -> "SETTLED".equals(api.get("/api/v1/invoices/" + invoiceId, merchantKey).json().get("status").asText()));
        JsonNode payment = api.get("/api/v1/invoices/" + invoiceId, merchantKey).json().get("payments").get(0);
        assertThat(payment.get("id").asText()).isEqualTo(paymentId);
        assertThat(payment.get("status").asText()).isIn("CONFIRMED", "FINALIZED"); // final 6 sandbox blocks deep
        assertThat(payment.get("amount").asText()).isEqualTo("150.00");

        // What crossed the broker: the transfer, then its confirmations, all keyed by the payment id.
        List<JsonNode> observations = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll()) {
            if (paymentId.equals(record.key())) {
                observations.add(new ObjectMapper().readTree(record.value()));
            }
        }
        assertThat(observations.get(0).get("type").asText()).isEqualTo("TransferObserved");
        assertThat(observations.get(0).get("observation").get("to").asText())
                .isEqualTo(created.json().get("depositAddress").asText());
        assertThat(observations.stream().skip(1).map(o -> o.get("type").asText())).containsOnly("ConfirmationsObserved");
        assertThat(observations.stream().skip(1).mapToInt(o -> o.get("observation").get("confirmations").asInt()))
                .contains(2, 12);

        // The command side committed what it handled: its group catches up with the end of every partition.
        try (Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("tally-command-side")
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, Long> ends = endOffsets(admin);
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    long position = committed.containsKey(end.getKey()) ? committed.get(end.getKey()).offset() : 0;
                    assertThat(position).as(end.getKey().toString()).isEqualTo(end.getValue());
                }
            });
        }
    }

    @Test
    void theApplicationDeclaresItsTopicsOnADevelopmentBroker() throws Exception {
        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                    List.of(TOPIC, TOPIC + ".DLT", "tally.events")).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get(TOPIC).partitions()).hasSize(2);
            assertThat(topics.get(TOPIC + ".DLT").partitions()).hasSize(1);
            assertThat(topics.get("tally.events").partitions()).hasSize(2);

            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, TOPIC),
                    new ConfigResource(ConfigResource.Type.TOPIC, TOPIC + ".DLT"),
                    new ConfigResource(ConfigResource.Type.TOPIC, "tally.events"))).all().get(30, TimeUnit.SECONDS);
            Config observations = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC));
            assertThat(observations.get("retention.ms").value()).isEqualTo(String.valueOf(Duration.ofDays(7).toMillis()));
            assertThat(observations.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(observations.get("min.insync.replicas").value()).isEqualTo("1");
            Config deadLetters = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC + ".DLT"));
            assertThat(deadLetters.get("retention.ms").value()).isEqualTo(String.valueOf(Duration.ofDays(30).toMillis()));
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(TOPIC).partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(10, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Every record on the observation topic so far, in partition order, read by a group of its own. */
    private List<ConsumerRecord<String, String>> readAll() throws Exception {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Map<TopicPartition, Long> ends;
        try (Admin admin = admin()) {
            ends = endOffsets(admin);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return records;
    }
}
