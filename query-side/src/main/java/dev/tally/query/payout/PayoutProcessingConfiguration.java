package dev.tally.query.payout;

import dev.tally.platform.axon.MerchantSequencing;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The payout views are sequenced by merchant: a payout's rows come from its merchant's funds and from itself. */
@Configuration(proxyBeanMethods = false)
class PayoutProcessingConfiguration {

    @Bean
    ConfigurerModule payoutViewsSequencingByMerchant() {
        return configurer -> configurer.eventProcessing(
                processing -> processing.registerSequencingPolicy(PayoutProjection.GROUP,
                                                                  c -> new MerchantSequencing()));
    }
}
