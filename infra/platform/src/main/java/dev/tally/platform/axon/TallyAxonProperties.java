package dev.tally.platform.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Tuning of Axon's event store and processors ({@code tally.axon.*}). */
@ConfigurationProperties("tally.axon")
public class TallyAxonProperties {
    /** Events fetched per query when a processor reads the store. */
    private int eventBatchSize = 500;
    /** Segments of a new pooled streaming processor (its parallelism). */
    private int initialSegmentCount = 4;
    /** Events handled per transaction by a processor. */
    private int processorBatchSize = 100;

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
