package dev.tally.watcher.config;

import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.watcher.addresses.WatchedAddressCache;
import dev.tally.watcher.chain.ChainClientFactory;
import dev.tally.watcher.health.ChainsHealthContributor;
import dev.tally.watcher.scan.ScannerStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.time.Clock;

/** The chain watching of {@code tally.chains.<name>}: only when a chain is configured (none is by default). */
@Configuration(proxyBeanMethods = false)
@Conditional(OnChainsConfigured.class)
public class ChainWatchingConfiguration {

    @Bean
    public ChainWatcherProperties chainWatcherProperties(Environment environment) {
        return ChainWatcherProperties.bind(environment);
    }

    @Bean
    public ChainWatchers chainWatchers(ChainWatcherProperties properties,
                                       ObjectProvider<ChainClientFactory> factories,
                                       ObjectProvider<ChainObservationPort> observations,
                                       WatchedAddressCache addresses, DataSource dataSource,
                                       ObjectProvider<MeterRegistry> registry, Clock clock) {
        return new ChainWatchers(properties, factories.orderedStream().toList(), observations.getIfAvailable(),
                                 addresses, new ScannerStore(dataSource), registry.getIfAvailable(), clock);
    }

    /** The {@code chains} health component (the bean name, less its suffix, names it). */
    @Bean
    public ChainsHealthContributor chainsHealthContributor(ChainWatchers watchers) {
        return new ChainsHealthContributor(watchers.statuses());
    }
}
