package dev.tally.integrations.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** The integration events on Kafka ({@code tally.integration-events.kafka.*}); docs/integrations.md. */
@ConfigurationProperties("tally.integration-events.kafka")
public class KafkaIntegrationEventProperties {
    /** Publish the public integration events to Kafka (off by default; the brokers are {@code spring.kafka.*}). */
    private boolean enabled = false;
    /**
     * The topic. The same default as {@code tally.transport.kafka.events-topic}, under which the command side
     * declares it on a development broker, and as {@code infra/kafka/topics.properties}: change them together.
     */
    private String topic = "tally.events";
    /** How long a batch waits for the broker's acknowledgements before it fails and is retried. */
    private Duration sendTimeout = Duration.ofSeconds(30);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("tally.integration-events.kafka.topic must not be blank");
        }
        this.topic = topic.strip();
    }

    public Duration getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(Duration sendTimeout) {
        if (sendTimeout == null || sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("tally.integration-events.kafka.send-timeout must be positive");
        }
        this.sendTimeout = sendTimeout;
    }
}
