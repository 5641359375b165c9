package dev.tally.integrations.kafka;

import dev.tally.integrations.events.IntegrationEventProcessing;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kafka publisher's processor is sequenced by invoice: an invoice's events (and the state they share) are handled
 * by one segment in event-store order, so the records of one key reach the broker in order. Different invoices are
 * published in parallel ({@code tally.axon.initial-segment-count} segments).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tally.integration-events.kafka.enabled", havingValue = "true")
class KafkaIntegrationEventProcessing {

    @Bean
    ConfigurerModule kafkaIntegrationEventSequencing() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerSequencingPolicy(
                KafkaIntegrationEventPublisher.GROUP, config -> IntegrationEventProcessing.byInvoice()));
    }
}
