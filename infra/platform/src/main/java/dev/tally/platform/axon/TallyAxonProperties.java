package dev.tally.platform.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** Tuning of Axon's event store and processors ({@code tally.axon.*}). */
@ConfigurationProperties("tally.axon")
public class TallyAxonProperties {
    /** Events fetched per query when a processor reads the store. */
    private int eventBatchSize = 500;
    /** Segments of a new pooled streaming processor (its parallelism). */
    private int initialSegmentCount = 4;
    /** Events handled per transaction by a processor. */
    private int processorBatchSize = 100;
    /**
     * How often the event store is read for events that other nodes wrote (this node's own are seen at commit): the
     * bound on how late a processor of one node sees another node's event.
     */
    private Duration fetchDelay = Duration.ofMillis(250);
    /**
     * How many times a command is sent again when another node appended to its aggregate at the same moment (the
     * event store refused its events: {@code ConcurrencyException}); 0 answers 409 at once.
     */
    private int commandRetries = 20;
    /** How long a command waits before it is sent again after such a conflict. */
    private Duration commandRetryInterval = Duration.ofMillis(20);
    /** The dead-letter queues of read models and side-effecting processors. */
    private final DeadLetters deadLetters = new DeadLetters();

    public int getCommandRetries() {
        return commandRetries;
    }

    public void setCommandRetries(int commandRetries) {
        if (commandRetries < 0) {
            throw new IllegalArgumentException("tally.axon.command-retries must be 0 or more");
        }
        this.commandRetries = commandRetries;
    }

    public Duration getCommandRetryInterval() {
        return commandRetryInterval;
    }

    public void setCommandRetryInterval(Duration commandRetryInterval) {
        if (commandRetryInterval.isNegative() || commandRetryInterval.isZero()) {
            throw new IllegalArgumentException("tally.axon.command-retry-interval must be positive");
        }
        this.commandRetryInterval = commandRetryInterval;
    }

    public DeadLetters getDeadLetters() {
        return deadLetters;
    }

    /** {@code tally.axon.dead-letters.*} */
    public static class DeadLetters {
        /** Whether a failing event parks its sequence (true) or stops its segment until it succeeds (false). */
        private boolean enabled = true;
        /** How long a parked sequence rests before it is tried again by itself; 0 turns automatic retries off. */
        private Duration retryInterval = Duration.ofMinutes(10);
        /** Sequences retried per group and round. */
        private int retrySequencesMax = 100;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getRetryInterval() {
            return retryInterval;
        }

        public void setRetryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
        }

        public int getRetrySequencesMax() {
            return retrySequencesMax;
        }

        public void setRetrySequencesMax(int retrySequencesMax) {
            this.retrySequencesMax = retrySequencesMax;
        }
    }

    public Duration getFetchDelay() {
        return fetchDelay;
    }

    public void setFetchDelay(Duration fetchDelay) {
        if (fetchDelay.isNegative() || fetchDelay.isZero()) {
            throw new IllegalArgumentException("tally.axon.fetch-delay must be positive");
        }
        this.fetchDelay = fetchDelay;
    }

    public int getEventBatchSize() {
        return eventBatchSize;
    }

    public void setEventBatchSize(int eventBatchSize) {
        this.eventBatchSize = eventBatchSize;
    }

    public int getInitialSegmentCount() {
        return initialSegmentCount;
    }

    public void setInitialSegmentCount(int initialSegmentCount) {
        this.initialSegmentCount = initialSegmentCount;
    }

    public int getProcessorBatchSize() {
        return processorBatchSize;
    }

    public void setProcessorBatchSize(int processorBatchSize) {
        this.processorBatchSize = processorBatchSize;
    }
}
