package dev.tally.watcher.tron;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The Tron node adapter: a {@link TronChainClientFactory} the chain configuration picks by type {@code tron}. */
@AutoConfiguration
public class TronAdapterConfiguration {

    /** Closed with the context, which closes every client it connected. */
    @Bean
    @ConditionalOnMissingBean
    public TronChainClientFactory tronChainClientFactory() {
        return new TronChainClientFactory();
    }
}
