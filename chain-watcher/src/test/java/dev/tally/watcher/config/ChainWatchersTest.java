package dev.tally.watcher.config;

import dev.tally.platform.test.TestDatabase;
import dev.tally.watcher.addresses.WatchedAddressCache;
import dev.tally.watcher.chain.ChainClientFactory;
import dev.tally.watcher.scan.ScannerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Assembling the watched chains: a type no adapter serves, or no port to report to, stops start-up clearly. */
class ChainWatchersTest {
    private final TestDatabase database = TestDatabase.create();
    private final DriverManagerDataSource dataSource =
            new DriverManagerDataSource(database.url(), database.user(), database.password());

    @AfterEach
    void drop() {
        database.close();
    }

    private static ChainWatcherProperties tron() {
        MockEnvironment environment = new MockEnvironment();
        environment.setProperty("tally.chains.tron.endpoints[0].url", "grpc.trongrid.io:50051");
        return ChainWatcherProperties.bind(environment);
    }

    private static ChainClientFactory factory(String type) {
        return new ChainClientFactory() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public dev.tally.watcher.chain.ChainClient connect(dev.tally.watcher.chain.ChainEndpoint endpoint) {
                throw new AssertionError("not expected to connect");
            }
        };
    }

    private ChainWatchers watchers(List<ChainClientFactory> factories,
                                   dev.tally.kernel.chain.ChainObservationPort port) {
        Clock clock = Clock.systemUTC();
        return new ChainWatchers(tron(), factories, port,
                                 new WatchedAddressCache(JdbcClient.create(dataSource), Duration.ofHours(1), clock),
                                 new ScannerStore(dataSource), null, clock);
    }

    @Test
    void aTypeWithoutAFactoryNamesThePropertyAndTheTypesAvailable() {
        assertThatThrownBy(() -> watchers(List.of(factory("evm"), factory("test")), observation -> { }))
                .isInstanceOf(ChainConfigurationException.class)
                .hasMessageContaining("tally.chains.tron.type is 'tron'")
                .hasMessageContaining("types available: evm, test");
    }

    @Test
    void withoutAnObservationPortStartUpSaysWhatToSet() {
        assertThatThrownBy(() -> watchers(List.of(factory("tron")), null))
                .isInstanceOf(ChainConfigurationException.class)
                .hasMessageContaining("tally.transport=kafka");
    }

    @Test
    void theFailureAnalysisNamesThePropertyAndTheDocumentation() {
        ChainConfigurationException problem = new ChainConfigurationException("tally.chains.tron.endpoints",
                                                                              "has no node endpoint");
        FailureAnalysis analysis = new ChainConfigurationFailureAnalyzer().analyze(
                new IllegalStateException("context failed", problem));
        assertThat(analysis.getDescription()).contains("tally.chains.tron.endpoints has no node endpoint");
        assertThat(analysis.getAction()).contains("tally.chains.tron.endpoints").contains("docs/chain-watcher.md");
    }
}
