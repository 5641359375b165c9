package dev.tally.integrations.kafka;

import dev.tally.integrations.events.IntegrationEvent;
import dev.tally.integrations.events.IntegrationEventHandling;
import dev.tally.integrations.events.InvoiceStates;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.tally.platform.axon.deadletter.DeadLettered;
import org.axonframework.config.ProcessingGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the public integration events to Kafka, from a tracking processor of its own: the event
 * store is the outbox. On only with {@code tally.integration-events.kafka.enabled=true}.
 * <p>
 * Each event is a record on {@code tally.integration-events.kafka.topic}, keyed by its invoice id (so one invoice's
 * events share a partition, in order), with the event's JSON body as the value and its id in the {@code event-id}
 * header. A batch's records are sent when the batch prepares to commit, and the batch commits its token only once the
 * broker acknowledged every one of them ({@code acks=all}, idempotent producer). A failure rolls the batch back and
 * the processor sends it again: delivery is at-least-once and consumers de-duplicate by event id (ids are stable, so
 * a repeat carries the same id and the same body).
 * <p>
 * It maps with its own per-invoice state, not from the rows the events-table writer made: the two processors do not
 * run in lockstep, and neither waits for the other. Both see the same events with the same mapping, so both produce
 * the same events with the same ids and bodies. A new deployment (or a reset) publishes from the first event.
 */
@Component
@DeadLettered
@ProcessingGroup(KafkaIntegrationEventPublisher.GROUP)
@ConditionalOnProperty(name = "tally.integration-events.kafka.enabled", havingValue = "true")
public class KafkaIntegrationEventPublisher extends IntegrationEventHandling implements DisposableBean {
    public static final String GROUP = "integration-events-kafka";
    public static final String EVENT_ID_HEADER = "event-id";
    public static final String EVENT_TYPE_HEADER = "event-type";
    /** {@code live} or {@code test}: a consumer can drop test traffic without parsing the body. */
    public static final String MODE_HEADER = "mode";
    /** Records the broker acknowledged (a retried batch counts its records again). */
    public static final String PUBLISHED_METER = "tally.integration.events.kafka.published";
    /** Batches that failed to publish and were rolled back, to be retried. */
    public static final String FAILED_BATCHES_METER = "tally.integration.events.kafka.failed.batches";

    private static final Logger log = LoggerFactory.getLogger(KafkaIntegrationEventPublisher.class);

    private final DefaultKafkaProducerFactory<String, String> producerFactory;
    private final KafkaTemplate<String, String> template;
    private final String topic;
    private final Duration sendTimeout;
    private final Counter published;
    private final Counter failedBatches;

    @Autowired
    public KafkaIntegrationEventPublisher(InvoiceStates states, ProducerFactory<?, ?> bootFactory,
                                          KafkaIntegrationEventProperties properties,
                                          ObjectProvider<MeterRegistry> registry) {
        this(states, bootFactory, properties, registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * @param bootFactory Spring Boot's producer factory: its configuration ({@code spring.kafka.*}: brokers,
     *                    security, client id) is the base; serializers, acks and idempotence are fixed here
     */
    public KafkaIntegrationEventPublisher(InvoiceStates states, ProducerFactory<?, ?> bootFactory,
                                          KafkaIntegrationEventProperties properties, MeterRegistry registry) {
        super(GROUP, states, Mode.PER_BATCH);
        Map<String, Object> config = new HashMap<>(bootFactory.getConfigurationProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.getSendTimeout().toMillis());
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producerFactory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                                                                 new StringSerializer());
        this.template = new KafkaTemplate<>(producerFactory);
        this.topic = properties.getTopic();
        this.sendTimeout = properties.getSendTimeout();
        this.published = Counter.builder(PUBLISHED_METER).description("Integration events acknowledged by Kafka")
                                .register(registry);
        this.failedBatches = Counter.builder(FAILED_BATCHES_METER)
                                    .description("Batches of integration events that Kafka did not acknowledge "
                                                 + "(rolled back and retried)")
                                    .register(registry);
    }

    @Override
    protected void publish(List<IntegrationEvent> events) {
        List<CompletableFuture<SendResult<String, String>>> sent = new ArrayList<>(events.size());
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        try {
            for (IntegrationEvent event : events) {
                sent.add(template.send(record(event)));
            }
            for (CompletableFuture<SendResult<String, String>> acknowledgement : sent) {
                acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            published.increment(events.size());
            log.debug("Published {} integration events to {}", events.size(), topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failedBatches.increment();
            throw new IllegalStateException("interrupted while publishing integration events to " + topic, e);
        } catch (ExecutionException | TimeoutException | KafkaException
                 | org.springframework.kafka.KafkaException e) {
            // Spring's KafkaException: send() gave up at once (no topic metadata within the send timeout).
            // The batch rolls back and is retried; records that did reach the broker are then sent again (same ids).
            failedBatches.increment();
            throw new IllegalStateException("could not publish " + events.size() + " integration events to " + topic,
                                            e);
        }
    }

    ProducerRecord<String, String> record(IntegrationEvent event) {
        String key = event.invoiceId() != null ? event.invoiceId() : event.merchantId();
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, event.body());
        record.headers().add(EVENT_ID_HEADER, event.eventId().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EVENT_TYPE_HEADER, event.type().wireName().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MODE_HEADER, event.mode().code().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Override
    public void destroy() {
        producerFactory.destroy();
    }
}
