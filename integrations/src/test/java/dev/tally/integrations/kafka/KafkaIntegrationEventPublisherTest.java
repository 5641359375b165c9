package dev.tally.integrations.kafka;

import dev.tally.integrations.IntegrationEventType;
import dev.tally.integrations.events.IntegrationEvent;
import dev.tally.integrations.events.InvoiceStates;
import dev.tally.kernel.mode.Mode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records the publisher makes, and that a batch fails (to be retried) when the broker does not acknowledge. */
class KafkaIntegrationEventPublisherTest {
    private static final IntegrationEvent EVENT = new IntegrationEvent(
            "evt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG", IntegrationEventType.INVOICE_PAID,
            "mer_0123456789abcdef", "inv_0123456789abcdef", Instant.parse("2026-03-01T10:00:00Z"),
            "{\"id\":\"evt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG\",\"type\":\"invoice.paid\"}", Mode.TEST);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private KafkaIntegrationEventPublisher publisherTo(String bootstrapServers, Duration sendTimeout) {
        KafkaIntegrationEventProperties properties = new KafkaIntegrationEventProperties();
        properties.setTopic("tally.events");
        properties.setSendTimeout(sendTimeout);
        var bootFactory = new DefaultKafkaProducerFactory<String, String>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        return new KafkaIntegrationEventPublisher(new InvoiceStates(null), bootFactory, properties, registry);
    }

    @Test
    void aRecordIsKeyedByInvoiceAndCarriesTheEventIdAndTheBody() {
        KafkaIntegrationEventPublisher publisher = publisherTo("127.0.0.1:1", Duration.ofSeconds(1));
        try {
            ProducerRecord<String, String> record = publisher.record(EVENT);
            assertThat(record.topic()).isEqualTo("tally.events");
            assertThat(record.key()).isEqualTo("inv_0123456789abcdef");
            assertThat(record.value()).isEqualTo(EVENT.body());
            assertThat(new String(record.headers().lastHeader("event-id").value(), StandardCharsets.UTF_8))
                    .isEqualTo(EVENT.eventId());
            assertThat(new String(record.headers().lastHeader("event-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("invoice.paid");
            assertThat(new String(record.headers().lastHeader("mode").value(), StandardCharsets.UTF_8))
                    .isEqualTo("test");
        } finally {
            publisher.destroy();
        }
    }

    @Test
    void withoutTheBrokersAcknowledgementTheBatchFails() {
        KafkaIntegrationEventPublisher publisher = publisherTo("127.0.0.1:1", Duration.ofMillis(500));
        try {
            assertThatThrownBy(() -> publisher.publish(List.of(EVENT)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not publish 1 integration events to tally.events");
            assertThat(registry.get(KafkaIntegrationEventPublisher.FAILED_BATCHES_METER).counter().count())
                    .isEqualTo(1.0);
        } finally {
            publisher.destroy();
        }
    }
}
