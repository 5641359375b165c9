package dev.tally.saga.funds;

import dev.tally.platform.axon.MerchantSequencing;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The funds process sequences events by merchant: a settlement's completion (the Settlement aggregate) must be
 * credited before its invoice (another aggregate) makes it final, and a payout's reservation (the merchant's funds)
 * before its outcome (the Payout aggregate). Different merchants run in parallel.
 */
@Configuration(proxyBeanMethods = false)
class FundsProcessingConfiguration {

    @Bean
    ConfigurerModule fundsSequencingByMerchant() {
        return configurer -> configurer.eventProcessing(
                processing -> processing.registerSequencingPolicy(FundsProcess.GROUP, c -> new MerchantSequencing()));
    }
}
