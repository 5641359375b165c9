package dev.tally.watcher.config;

import dev.tally.kernel.money.Chain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding {@code tally.chains.*}: defaults per chain, the command side's keys left alone, clear errors. */
class ChainWatcherPropertiesTest {

    private static MockEnvironment env(String... pairs) {
        MockEnvironment environment = new MockEnvironment();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            environment.setProperty(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return environment;
    }

    @Test
    void nothingIsWatchedByDefaultAndTheCommandSidesKeysDoNotMakeAChain() {
        MockEnvironment environment = env("tally.chains.tron.xpub=xpub6Cexample",
                                          "tally.chains.ethereum.xpub=",
                                          "tally.chains.generate-development-keys=true");
        assertThat(ChainWatcherProperties.anyChainConfigured(environment)).isFalse();
        ChainWatcherProperties properties = ChainWatcherProperties.bind(environment);
        assertThat(properties.chains()).isEmpty();
        assertThat(properties.dustThreshold().baseUnits()).isEqualTo(10_000);
        assertThat(properties.monitoringWindow()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void aChainNamedAfterItsChainNeedsOnlyAnEndpoint() {
        ChainWatcherProperties properties = ChainWatcherProperties.bind(env(
                "tally.chains.tron.xpub=xpub6Cexample",
                "tally.chains.tron.endpoints[0].url=grpc.trongrid.io:50051",
                "tally.chains.tron.endpoints[0].api-key=k3y",
                "tally.chains.ethereum.endpoints[0].url=https://eth.example/rpc",
                "tally.chains.ethereum.endpoints[1].url=https://backup.example/rpc"));

        ChainSettings tron = properties.chains().get("tron");
        assertThat(tron.type()).isEqualTo("tron");
        assertThat(tron.chain()).isEqualTo(Chain.TRON);
        assertThat(tron.tokenContracts()).containsExactly("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t");
        assertThat(tron.endpoints()).containsExactly(new ChainSettings.Endpoint("grpc.trongrid.io:50051", "k3y"));
        assertThat(tron.pollInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(tron.maxLag()).isEqualTo(100);
        assertThat(tron.confirmationDepth()).isEqualTo(100);
        assertThat(tron.keptBlocks()).isEqualTo(200);
        assertThat(tron.firstBlock()).isZero();
        assertThat(tron.callTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(tron.maxAttempts()).isEqualTo(3);

        ChainSettings ethereum = properties.chains().get("ethereum");
        assertThat(ethereum.type()).isEqualTo("evm");
        assertThat(ethereum.tokenContracts()).containsExactly("0xdAC17F958D2ee523a2206206994597C13D831ec7");
        assertThat(ethereum.endpoints()).extracting(ChainSettings.Endpoint::url)
                                        .containsExactly("https://eth.example/rpc", "https://backup.example/rpc");
        assertThat(ethereum.pollInterval()).isEqualTo(Duration.ofSeconds(12));
        assertThat(properties.enabledChains()).hasSize(2);
    }

    @Test
    void everySettingCanBeGiven() {
        ChainWatcherProperties properties = ChainWatcherProperties.bind(env(
                "tally.chains.shasta.type=tron",
                "tally.chains.shasta.chain=tron",
                "tally.chains.shasta.endpoints[0].url=grpc.shasta.trongrid.io:50051",
                "tally.chains.shasta.call-timeout=3s",
                "tally.chains.shasta.retry.max-attempts=5",
                "tally.chains.shasta.retry.initial-backoff=100ms",
                "tally.chains.shasta.retry.max-backoff=2s",
                "tally.chains.shasta.failover-after=4",
                "tally.chains.shasta.failback-after=30s",
                "tally.chains.shasta.token-contracts=TG3XXyExBkPp9nzdajDZsozEu4BkaSJozs",
                "tally.chains.shasta.confirmation-depth=25",
                "tally.chains.shasta.kept-blocks=300",
                "tally.chains.shasta.poll-interval=1s",
                "tally.chains.shasta.first-block=60000000",
                "tally.chains.shasta.max-lag=10",
                "tally.chains.dust-threshold=0.5",
                "tally.chains.address-refresh-interval=30s",
                "tally.invoices.monitoring-window=2h"));

        ChainSettings shasta = properties.chains().get("shasta");
        assertThat(shasta).isEqualTo(new ChainSettings("shasta", "tron", Chain.TRON, true,
                java.util.List.of(new ChainSettings.Endpoint("grpc.shasta.trongrid.io:50051", null)),
                Duration.ofSeconds(3), 5, Duration.ofMillis(100), Duration.ofSeconds(2), 4, Duration.ofSeconds(30),
                Set.of("TG3XXyExBkPp9nzdajDZsozEu4BkaSJozs"), 25, 300, Duration.ofSeconds(1), 60_000_000, 10));
        assertThat(properties.dustThreshold().baseUnits()).isEqualTo(500_000);
        assertThat(properties.addressRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.monitoringWindow()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aDisabledChainNeedsNoEndpointAndIsNotScanned() {
        ChainWatcherProperties properties = ChainWatcherProperties.bind(env("tally.chains.ethereum.enabled=false"));
        assertThat(properties.chains()).containsKey("ethereum");
        assertThat(properties.enabledChains()).isEmpty();
    }

    @Test
    void aChainWithoutEndpointsIsRefused() {
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.tron.poll-interval=5s")))
                .isInstanceOf(ChainConfigurationException.class)
                .hasMessageContaining("tally.chains.tron.endpoints").hasMessageContaining("no node endpoint");
    }

    @Test
    void anEntryThatIsNoChainNeedsItsChain() {
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.mainnet.endpoints[0].url=x:1")))
                .isInstanceOf(ChainConfigurationException.class)
                .hasMessageContaining("tally.chains.mainnet.chain is required (tron or ethereum)");
    }

    @Test
    void aMisspeltKeyIsRefused() {
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.tron.endpoints[0].url=x:1",
                                                                 "tally.chains.tron.pol-interval=5s")))
                .isInstanceOf(ChainConfigurationException.class)
                .hasMessageContaining("tally.chains.tron.pol-interval is not a chain setting");
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.tron.endpoints[0].url=x:1",
                                                                 "tally.chains.tron.endpoints[0].token=k")))
                .hasMessageContaining("tally.chains.tron.endpoints[0].token is not a chain setting");
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.tron.endpoints[0].url=x:1",
                                                                 "tally.chains.tron.retry.attempts=2")))
                .hasMessageContaining("tally.chains.tron.retry.attempts is not a chain setting");
    }

    @Test
    void badValuesAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.tron.endpoints[0].url=x:1",
                                                                 "tally.chains.tron.poll-interval=soon")))
                .isInstanceOf(ChainConfigurationException.class)
                .hasMessageContaining("tally.chains.tron.poll-interval");
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.tron.endpoints[0].url=x:1",
                                                                 "tally.chains.tron.confirmation-depth=300",
                                                                 "tally.chains.tron.kept-blocks=100")))
                .hasMessageContaining("tally.chains.tron.kept-blocks must be at least confirmation-depth");
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.dust-threshold=-1")))
                .hasMessageContaining("tally.chains.dust-threshold");
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.tron.chain=bitcoin",
                                                                 "tally.chains.tron.endpoints[0].url=x:1")))
                .hasMessageContaining("tally.chains.tron.chain");
    }

    @Test
    void twoEnabledEntriesForOneChainOrTheSandboxesNameAreRefused() {
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.tron.endpoints[0].url=x:1",
                                                                 "tally.chains.tron2.chain=tron",
                                                                 "tally.chains.tron2.endpoints[0].url=y:1")))
                .hasMessageContaining("one enabled entry per chain");
        assertThatThrownBy(() -> ChainWatcherProperties.bind(env("tally.chains.sandbox.chain=tron",
                                                                 "tally.chains.sandbox.endpoints[0].url=y:1")))
                .hasMessageContaining("reserved for the sandbox");
    }
}
