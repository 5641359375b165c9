package dev.tally.watcher.evm;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.web3j.protocol.Web3j;

/** The EVM node adapter: a {@link EvmChainClientFactory} for chains configured with {@code type: evm}. */
@AutoConfiguration
@ConditionalOnClass(Web3j.class)
public class EvmAdapterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public EvmChainClientFactory evmChainClientFactory() {
        return new EvmChainClientFactory();
    }
}
