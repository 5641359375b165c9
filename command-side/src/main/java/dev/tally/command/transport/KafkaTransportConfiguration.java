package dev.tally.command.transport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
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
 * goes to {@code <topic>.DLT} (same key, headers with the exception) and the partition moves on. Production topics
 * are provisioned with the infrastructure ({@code infra/kafka}); the declarations here give a development broker
 * the same topics ({@code tally.transport.kafka.*}). Settings: {@link ObservationConsumingProperties}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tally.transport", havingValue = "kafka")
@EnableConfigurationProperties(ObservationConsumingProperties.class)
public class KafkaTransportConfiguration {
    public static final String CONTAINER_FACTORY = "observationListenerContainerFactory";

    private static final Logger log = LoggerFactory.getLogger(KafkaTransportConfiguration.class);

    @Bean
    public ObservationDeadLetters observationDeadLetters(ProducerFactory<?, ?> bootProducerFactory,
                                                         ObservationConsumingProperties properties) {
        return new ObservationDeadLetters(bootProducerFactory, properties.deadLetterTopic());
    }

    @Bean(CONTAINER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, String> observationListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConsumerFactory<?, ?> bootConsumerFactory,
            ObservationDeadLetters deadLetters,
            ObservationConsumingProperties properties) {
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
        factory.setCommonErrorHandler(errorHandler(deadLetters, properties.getRetry().getInitialInterval(),
                                                   properties.getRetry().getMaxInterval()));
        return factory;
    }

    /*
     * The topics this side needs, declared for Spring Kafka's KafkaAdmin, which creates those that are missing and
     * leaves existing ones as they are (apart from adding partitions). The observation topic is declared by the
     * chain watcher too, with the same keys, so whichever starts first creates it. Bean methods, not a nested
     * configuration class: component scanning would pick such a class up without this class's condition.
     */

    @Bean
    @ConditionalOnProperty(name = "tally.transport.kafka.create-topics", havingValue = "true", matchIfMissing = true)
    public NewTopic chainObservationsTopicOfCommandSide(ObservationConsumingProperties properties) {
        ObservationConsumingProperties.Topics settings = properties.getKafka();
        settings.check();
        return topic(properties.getTopic(), settings.getPartitions(), settings, settings.getRetention());
    }

    /** One partition: dead letters are rare, and one partition keeps them in the order they failed. */
    @Bean
    @ConditionalOnProperty(name = "tally.transport.kafka.create-topics", havingValue = "true", matchIfMissing = true)
    public NewTopic chainObservationsDeadLetterTopic(ObservationConsumingProperties properties) {
        ObservationConsumingProperties.Topics settings = properties.getKafka();
        settings.check();
        return topic(properties.deadLetterTopic(), 1, settings, settings.getDeadLetterRetention());
    }

    @Bean
    @ConditionalOnProperty(name = "tally.transport.kafka.create-topics", havingValue = "true", matchIfMissing = true)
    public NewTopic integrationEventsTopic(ObservationConsumingProperties properties) {
        ObservationConsumingProperties.Topics settings = properties.getKafka();
        settings.check();
        return topic(settings.getEventsTopic(), settings.getPartitions(), settings, settings.getEventsRetention());
    }

    private static NewTopic topic(String name, int partitions, ObservationConsumingProperties.Topics settings,
                                  Duration retention) {
        return TopicBuilder.name(name)
                .partitions(partitions)
                .replicas(settings.getReplicationFactor())
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(settings.getMinInsyncReplicas()))
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()))
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .build();
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
