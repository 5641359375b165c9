package dev.tally.integrations.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.integrations.IntegrationsTestBase;
import dev.tally.integrations.InvoiceStory;
import dev.tally.integrations.events.IntegrationEventWriter;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka publisher against a real (embedded KRaft) broker: the table's events, keyed by invoice, in order per
 * invoice, and none lost while the broker could not take them (the topic does not exist at first).
 */
@EmbeddedKafka(kraft = true, partitions = 3, brokerProperties = "auto.create.topics.enable=false")
@TestPropertySource(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "tally.integration-events.kafka.enabled=true",
        "tally.integration-events.kafka.send-timeout=1s",
        "tally.integration-events.kafka.topic=" + KafkaIntegrationEventsTest.TOPIC})
@DirtiesContext
class KafkaIntegrationEventsTest extends IntegrationsTestBase {
    static final String TOPIC = "tally.events.test";

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MeterRegistry meters;

    Consumer<String, String> consumer;
    final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    private void subscribe() {
        Map<String, Object> props = KafkaTestUtils.consumerProps("reader-" + UUID.randomUUID(), "false", broker);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
                .createConsumer();
        broker.consumeFromAnEmbeddedTopic(consumer, TOPIC);
    }

    @AfterEach
    void close() {
        if (consumer != null) {
            consumer.close();
        }
    }

    @Test
    void everyEventOfTheTableIsPublishedKeyedByInvoiceWithItsIdInOrderPerInvoiceAlsoAfterFailures() {
        MerchantId merchant = InvoiceStory.newMerchant();
        MerchantId other = InvoiceStory.newMerchant();
        InvoiceStory paid = new InvoiceStory(merchant, "9.99");
        InvoiceStory cancelled = new InvoiceStory(merchant, "5.00");
        InvoiceStory expired = new InvoiceStory(other, "1.00");
        PaymentId payment = InvoiceStory.newPaymentId();
        Object[] paidEvents = paid.paidAndSettled(payment);
        append(paidEvents[0], cancelled.created(), expired.created(), paidEvents[1], paidEvents[2]);
        append(cancelled.cancelled(), expired.expired());
        append(Arrays.copyOfRange(paidEvents, 3, paidEvents.length));
        awaitProcessed(IntegrationEventWriter.GROUP);

        // no topic yet: the broker acknowledges nothing, the publisher's batches fail and are retried
        await().atMost(PATIENCE).until(() -> counter(KafkaIntegrationEventPublisher.FAILED_BATCHES_METER) >= 1);
        assertThat(counter(KafkaIntegrationEventPublisher.PUBLISHED_METER)).isZero();
        broker.addTopics(new NewTopic(TOPIC, 3, (short) 1));
        subscribe();
        awaitProcessed(KafkaIntegrationEventPublisher.GROUP);

        List<Map<String, Object>> table = jdbc.queryForList(
                "SELECT event_id, invoice_id, body FROM integration.events ORDER BY seq");
        assertThat(table).hasSize(11);
        await().atMost(PATIENCE).untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            assertThat(firstOfEachId().keySet()).containsExactlyInAnyOrderElementsOf(
                    table.stream().map(row -> (String) row.get("event_id")).toList());
        });

        Map<String, ConsumerRecord<String, String>> published = firstOfEachId();
        for (Map<String, Object> row : table) {
            ConsumerRecord<String, String> record = published.get((String) row.get("event_id"));
            assertThat(record.key()).isEqualTo(row.get("invoice_id"));
            assertThat(record.value()).isEqualTo(row.get("body"));
            assertThat(json(record.value()).get("id").asText()).isEqualTo(row.get("event_id"));
            assertThat(header(record, "event-type")).isEqualTo(json(record.value()).get("type").asText());
        }
        for (InvoiceStory story : List.of(paid, cancelled, expired)) {
            List<String> inTable = table.stream().filter(row -> story.invoiceId.value().equals(row.get("invoice_id")))
                                        .map(row -> (String) row.get("event_id")).toList();
            List<String> onTopic = published.values().stream()
                                            .filter(r -> r.key().equals(story.invoiceId.value()))
                                            .map(r -> header(r, "event-id")).toList();
            assertThat(onTopic).containsExactlyElementsOf(inTable);
        }
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    /** The first record of each event id, in the order received (a retried batch may repeat records). */
    private Map<String, ConsumerRecord<String, String>> firstOfEachId() {
        Map<String, ConsumerRecord<String, String>> first = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : received) {
            first.putIfAbsent(header(record, "event-id"), record);
        }
        return first;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
