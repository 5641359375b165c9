package dev.tally.integrations.events;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The events-table writer runs on one segment, whatever {@code tally.axon.initial-segment-count} says: the table's
 * {@code seq} must grow in commit order for readers that page by it (several segments would commit interleaved
 * batches, and a reader could pass a row that a slower segment commits later with a smaller {@code seq}). Its events
 * are sequenced by invoice, like the Kafka publisher's, because an invoice's state gathers the events of the invoice,
 * its payments and its settlement.
 * <p>
 * The segment count applies when the processor first claims its tokens; a database that already has more segments
 * for the group keeps them until its tokens are deleted.
 */
@Configuration(proxyBeanMethods = false)
public class IntegrationEventProcessing {

    @Bean
    ConfigurerModule integrationEventWriterProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessorConfiguration(
                        IntegrationEventWriter.GROUP, (config, builder) -> builder.initialSegmentCount(1))
                .registerSequencingPolicy(IntegrationEventWriter.GROUP, config -> byInvoice()));
    }

    /** By the invoice the event concerns; per aggregate for anything else. */
    public static SequencingPolicy<EventMessage<?>> byInvoice() {
        return event -> IntegrationEventMapper.invoiceIdOf(event.getPayload())
                .<Object>map(id -> id)
                .orElseGet(() -> SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event));
    }
}
