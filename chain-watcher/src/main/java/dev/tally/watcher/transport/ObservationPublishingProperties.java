package dev.tally.watcher.transport;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The chain watcher's side of the Kafka transport ({@code tally.transport.*}, read when {@code tally.transport=kafka}).
 * The command side binds the same keys for its consumer; topic and topic settings must agree between the two.
 */
@ConfigurationProperties("tally.transport")
public class ObservationPublishingProperties {
    /** The topic chain observations are published to, keyed by payment id. */
    private String topic = "tally.chain-observations";
    /**
     * How long a publish waits for the broker (for metadata and for the acknowledgement of all in-sync replicas).
     * When it runs out, the scanner does not advance and reports the block again.
     */
    private Duration sendTimeout = Duration.ofSeconds(30);
    private final Topics kafka = new Topics();

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("tally.transport.topic must not be blank");
        }
        this.topic = topic;
    }

    public Duration getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(Duration sendTimeout) {
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("tally.transport.send-timeout must be positive");
        }
        this.sendTimeout = sendTimeout;
    }

    public Topics getKafka() {
        return kafka;
    }

    /**
     * How the application declares the observation topic to the broker ({@code tally.transport.kafka.*}). The
     * defaults suit a single development broker; production topics are created from {@code infra/kafka} with their
     * own settings, which an existing topic keeps (a declaration only ever adds partitions).
     */
    public static class Topics {
        /** Declare the topic at start-up (Spring Kafka's KafkaAdmin creates it when it is missing). */
        private boolean createTopics = true;
        /** Partitions of the observation topic; observations of one payment stay in one partition (the key). */
        private int partitions = 3;
        /** Copies of each partition; 3 in production. */
        private short replicationFactor = 1;
        /** Replicas that must have a record before the broker acknowledges it to an {@code acks=all} producer. */
        private int minInsyncReplicas = 1;
        /** How long observations are kept: longer than the command side can be down without losing any. */
        private Duration retention = Duration.ofDays(7);

        public boolean isCreateTopics() {
            return createTopics;
        }

        public void setCreateTopics(boolean createTopics) {
            this.createTopics = createTopics;
        }

        public int getPartitions() {
            return partitions;
        }

        public void setPartitions(int partitions) {
            if (partitions < 1 || partitions > 1000) {
                throw new IllegalArgumentException("tally.transport.kafka.partitions must be 1 to 1000");
            }
            this.partitions = partitions;
        }

        public short getReplicationFactor() {
            return replicationFactor;
        }

        public void setReplicationFactor(short replicationFactor) {
            if (replicationFactor < 1 || replicationFactor > 10) {
                throw new IllegalArgumentException("tally.transport.kafka.replication-factor must be 1 to 10");
            }
            this.replicationFactor = replicationFactor;
        }

        public int getMinInsyncReplicas() {
            return minInsyncReplicas;
        }

        public void setMinInsyncReplicas(int minInsyncReplicas) {
            if (minInsyncReplicas < 1 || minInsyncReplicas > 10) {
                throw new IllegalArgumentException("tally.transport.kafka.min-insync-replicas must be 1 to 10");
            }
            this.minInsyncReplicas = minInsyncReplicas;
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            if (retention.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("tally.transport.kafka.retention must be at least one hour");
            }
            this.retention = retention;
        }

        /** More in-sync replicas required than there are copies would refuse every write. */
        void check() {
            if (minInsyncReplicas > replicationFactor) {
                throw new IllegalStateException("tally.transport.kafka.min-insync-replicas (" + minInsyncReplicas
                        + ") must not exceed tally.transport.kafka.replication-factor (" + replicationFactor + ")");
            }
        }
    }
}
