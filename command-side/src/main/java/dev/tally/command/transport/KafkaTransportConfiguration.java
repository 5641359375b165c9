package dev.tally.command.transport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The listener container for chain observations ({@code tally.transport=kafka}). Its own container factory, so
 * other listeners keep Spring Boot's defaults: String key and value, no auto commit, offsets from the earliest for a
 * new group (nothing published before the first start is lost), AckMode.RECORD (an offset is committed only after
 * the listener returned). A failing record is retried with exponential backoff ({@code
 * tally.transport.retry.initial-interval}, doubling up to {@code tally.transport.retry.max-interval}) for as long as
 * it fails — never skipped, the partition waits. A {@link MalformedObservationException} is not retried: the record
 * goes to {@code <topic>.DLT} (same key, headers with the exception) and the partition moves on. Topics are
 * provisioned with the infrastructure (infra/), not created here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tally.transport", havingValue = "kafka")
public class KafkaTransportConfiguration {
    public static final String CONTAINER_FACTORY = "observationListenerContainerFactory";

    private static final Logger log = LoggerFactory.getLogger(KafkaTransportConfiguration.class);

    @Bean
    public ObservationDeadLetters observationDeadLetters(
            ProducerFactory<?, ?> bootProducerFactory,
            @Value("${tally.transport.topic:tally.chain-observations}") String topic) {
        return new ObservationDeadLetters(bootProducerFactory, topic + ".DLT");
    }

    @Bean(CONTAINER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, String> observationListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConsumerFactory<?, ?> bootConsumerFactory,
            ObservationDeadLetters deadLetters,
            @Value("${tally.transport.retry.initial-interval:PT0.5S}") Duration initialInterval,
            @Value("${tally.transport.retry.max-interval:PT30S}") Duration maxInterval) {
        Map<String, Object> config = new HashMap<>(bootConsumerFactory.getConfigurationProperties());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ConsumerFactory<String, String> consumerFactory =
                new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new StringDeserializer());

        ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConcurrentKafkaListenerContainerFactory<Object, Object> raw = (ConcurrentKafkaListenerContainerFactory) factory;
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConsumerFactory<Object, Object> rawConsumerFactory = (ConsumerFactory) consumerFactory;
        configurer.configure(raw, rawConsumerFactory);

        factory.getContainerProperties().setAckMode(AckMode.RECORD);
        factory.setBatchListener(false);
        factory.setCommonErrorHandler(errorHandler(deadLetters, initialInterval, maxInterval));
        return factory;
    }

    static DefaultErrorHandler errorHandler(ConsumerRecordRecoverer deadLetters, Duration initialInterval,
                                            Duration maxInterval) {
        ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), 2.0);
        backOff.setMaxInterval(maxInterval.toMillis());
        // no max elapsed time: a record that keeps failing is retried until it succeeds, never skipped
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        // everything is retryable (replaces Spring Kafka's default list, e.g. ClassCastException) except malformed
        handler.setClassifications(Map.of(MalformedObservationException.class, false), true);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
                if (isMalformed(ex)) {
                    return; // logged by the consumer and dead-lettered, not retried
                }
                log.warn("Observation {}-{}@{} (key {}) failed on attempt {}; retrying: {}", record.topic(),
                         record.partition(), record.offset(), record.key(), deliveryAttempt, rootMessage(ex));
            }
        });
        return handler;
    }

    private static boolean isMalformed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MalformedObservationException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /**
     * Publishes undecodable records to the dead-letter topic with their original key and bytes-as-string value. Owns
     * its producer (acks=all, idempotent), so Spring Boot's KafkaTemplate stays as configured.
     */
    public static final class ObservationDeadLetters implements ConsumerRecordRecoverer, DisposableBean {
        private final DefaultKafkaProducerFactory<String, String> producerFactory;
        private final DeadLetterPublishingRecoverer recoverer;
        private final String deadLetterTopic;

        ObservationDeadLetters(ProducerFactory<?, ?> bootProducerFactory, String deadLetterTopic) {
            Map<String, Object> config = new HashMap<>(bootProducerFactory.getConfigurationProperties());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
            this.producerFactory =
                    new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer());
            this.deadLetterTopic = deadLetterTopic;
            // partition -1: the producer partitions by key
            this.recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producerFactory),
                    (record, ex) -> new TopicPartition(deadLetterTopic, -1));
        }

        public String topic() {
            return deadLetterTopic;
        }

        @Override
        public void accept(ConsumerRecord<?, ?> record, Exception exception) {
            log.error("Dead-lettering {}-{}@{} (key {}) to {}: {}", record.topic(), record.partition(),
                      record.offset(), record.key(), deadLetterTopic, rootMessage(exception));
            recoverer.accept(record, exception);
        }

        @Override
        public void destroy() {
            producerFactory.destroy();
        }
    }
}
