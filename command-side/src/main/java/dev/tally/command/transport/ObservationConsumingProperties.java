package dev.tally.command.transport;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The command side's end of the Kafka transport ({@code tally.transport.*}, read when {@code tally.transport=kafka}).
 * The chain watcher binds the same {@code topic} and {@code kafka.*} keys for its publisher; they must agree.
 */
@ConfigurationProperties("tally.transport")
public class ObservationConsumingProperties {
    /** The topic of chain observations; undecodable records go to {@code <topic>.DLT}. */
    private String topic = "tally.chain-observations";
    /** The consumer group: every command-side instance joins it and gets a share of the partitions. */
    private String groupId = "tally-command-side";
    private final Retry retry = new Retry();
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

    public String deadLetterTopic() {
        return topic + ".DLT";
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("tally.transport.group-id must not be blank");
        }
        this.groupId = groupId;
    }

    public Retry getRetry() {
        return retry;
    }

    public Topics getKafka() {
        return kafka;
    }

    /** Back-off for an observation whose command failed: it is retried until it succeeds, never skipped. */
    public static class Retry {
        /** The first wait; each further one doubles. */
        private Duration initialInterval = Duration.ofMillis(500);
        /** The longest wait between two attempts. */
        private Duration maxInterval = Duration.ofSeconds(30);

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            if (initialInterval.isNegative() || initialInterval.isZero()) {
                throw new IllegalArgumentException("tally.transport.retry.initial-interval must be positive");
            }
            this.initialInterval = initialInterval;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            if (maxInterval.isNegative() || maxInterval.isZero()) {
                throw new IllegalArgumentException("tally.transport.retry.max-interval must be positive");
            }
            this.maxInterval = maxInterval;
        }
    }

    /**
     * How the application declares its topics to the broker ({@code tally.transport.kafka.*}): the observation topic,
     * its dead-letter topic and the integration-event topic. The defaults suit a single development broker;
     * production topics are created from {@code infra/kafka}, and an existing topic keeps its settings (a
     * declaration only ever adds partitions).
     */
    public static class Topics {
        /** Declare the topics at start-up (Spring Kafka's KafkaAdmin creates the missing ones). */
        private boolean createTopics = true;
        /** Partitions of the observation and event topics (the dead-letter topic gets one). */
        private int partitions = 3;
        /** Copies of each partition; 3 in production. */
        private short replicationFactor = 1;
        /** Replicas that must have a record before the broker acknowledges it to an {@code acks=all} producer. */
        private int minInsyncReplicas = 1;
        /** How long observations are kept: longer than the command side can be down without losing any. */
        private Duration retention = Duration.ofDays(7);
        /** How long dead letters are kept for someone to look at them. */
        private Duration deadLetterRetention = Duration.ofDays(30);
        /** The topic of integration events for other systems. */
        private String eventsTopic = "tally.events";
        /** How long integration events are kept. */
        private Duration eventsRetention = Duration.ofDays(7);

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
            this.retention = atLeastAnHour(retention, "retention");
        }

        public Duration getDeadLetterRetention() {
            return deadLetterRetention;
        }

        public void setDeadLetterRetention(Duration deadLetterRetention) {
            this.deadLetterRetention = atLeastAnHour(deadLetterRetention, "dead-letter-retention");
        }

        public String getEventsTopic() {
            return eventsTopic;
        }

        public void setEventsTopic(String eventsTopic) {
            if (eventsTopic == null || eventsTopic.isBlank()) {
                throw new IllegalArgumentException("tally.transport.kafka.events-topic must not be blank");
            }
            this.eventsTopic = eventsTopic;
        }

        public Duration getEventsRetention() {
            return eventsRetention;
        }

        public void setEventsRetention(Duration eventsRetention) {
            this.eventsRetention = atLeastAnHour(eventsRetention, "events-retention");
        }

        /** More in-sync replicas required than there are copies would refuse every write. */
        void check() {
            if (minInsyncReplicas > replicationFactor) {
                throw new IllegalStateException("tally.transport.kafka.min-insync-replicas (" + minInsyncReplicas
                        + ") must not exceed tally.transport.kafka.replication-factor (" + replicationFactor + ")");
            }
        }

        private static Duration atLeastAnHour(Duration value, String key) {
            if (value.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("tally.transport.kafka." + key + " must be at least one hour");
            }
            return value;
        }
    }
}
