package dev.tally.watcher.transport;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The chain watcher publishes to Kafka ({@code tally.transport=kafka}): {@link KafkaObservationPublisher} becomes the
 * observation port, and the observation topic is declared so that a development broker gets it
 * ({@code tally.transport.kafka.create-topics}, on by default; Spring Kafka's KafkaAdmin creates a missing topic and
 * leaves an existing one as it is, apart from adding partitions).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tally.transport", havingValue = "kafka")
@EnableConfigurationProperties(ObservationPublishingProperties.class)
public class ObservationPublishingConfiguration {

    /**
     * The same declaration as the command side's (same keys): in one JVM the two collapse into one. A bean method,
     * not a nested configuration class: component scanning would pick such a class up without this class's condition.
     */
    @Bean
    @ConditionalOnProperty(name = "tally.transport.kafka.create-topics", havingValue = "true", matchIfMissing = true)
    public NewTopic chainObservationsTopicOfWatcher(ObservationPublishingProperties properties) {
        ObservationPublishingProperties.Topics settings = properties.getKafka();
        settings.check();
        return TopicBuilder.name(properties.getTopic())
                .partitions(settings.getPartitions())
                .replicas(settings.getReplicationFactor())
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(settings.getMinInsyncReplicas()))
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(settings.getRetention().toMillis()))
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .build();
    }
}
