package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger's processor sequences events by merchant rather than by aggregate: a settlement (its own aggregate)
 * takes money out of the merchant's pending account that the merchant's confirmed payments (other aggregates) put
 * in, so all of one merchant's events must be booked by one segment in event-store order. Different merchants still
 * book in parallel; the accounts they share are locked in id order at commit.
 * <p>
 * Changing a processor's sequencing policy moves events between segments; do it only with a rebuild of the ledger.
 */
@Configuration(proxyBeanMethods = false)
class LedgerProcessingConfiguration {

    @Bean
    ConfigurerModule ledgerSequencingByMerchant() {
        return configurer -> configurer.eventProcessing(
                processing -> processing.registerSequencingPolicy(LedgerProjection.GROUP,
                                                                  c -> new PerMerchantPolicy()));
    }

    static final class PerMerchantPolicy implements SequencingPolicy<EventMessage<?>> {
        @Override
        public Object getSequenceIdentifierFor(EventMessage<?> event) {
            return LedgerEvents.merchantOf(event)
                               .<Object>map(MerchantId::value)
                               .orElseGet(() -> SequentialPerAggregatePolicy.instance()
                                                                            .getSequenceIdentifierFor(event));
        }
    }
}
