package dev.tally.watcher.sandbox;

import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.platform.config.TestMode;
import dev.tally.watcher.addresses.WatchedAddressCache;
import dev.tally.watcher.scan.BlockScanner;
import dev.tally.watcher.scan.ScannerLease;
import dev.tally.watcher.scan.ScannerStore;
import dev.tally.watcher.scan.WatchedAddresses;
import dev.tally.watcher.send.Sweeps;
import dev.tally.watcher.send.TokenBalances;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox chain and its watcher (and {@link SandboxController}), where test invoices are paid: on unless
 * {@code tally.sandbox.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = TestMode.PROPERTY, havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxConfiguration {
    /** The sandbox scanner's key in the {@code watcher} tables. */
    public static final String SCANNER_KEY = "sandbox";

    /** The sandbox chain, kept in PostgreSQL: one chain across restarts and nodes. */
    @Bean
    public SandboxChain sandboxChain(SandboxProperties properties, DataSource dataSource) {
        return new SandboxChain(properties.getFinalityDepth(), new JdbcSandboxStore(dataSource));
    }

    @Bean
    public SandboxWatcher sandboxWatcher(SandboxChain chain, ChainObservationPort observations,
                                         SandboxProperties properties, DataSource dataSource,
                                         WatchedAddressCache addresses, Clock clock) {
        if (properties.getLease().compareTo(properties.getBlockInterval().multipliedBy(2)) <= 0) {
            // Renewed with every block: a shorter lease lapses between two blocks, and nodes would take turns.
            throw new IllegalStateException("tally.sandbox.lease (" + properties.getLease() + ") must be more than "
                                            + "twice tally.sandbox.block-interval (" + properties.getBlockInterval()
                                            + ")");
        }
        ScannerStore store = new ScannerStore(dataSource);
        ScannerLease lease = store.lease(SCANNER_KEY, ScannerLease.newHolder(), properties.getLease());
        BlockScanner scanner = sandboxScanner(chain, addresses.forMode(Mode.TEST), observations, properties, store,
                                              clock);
        return new SandboxWatcher(chain, scanner, lease, properties, clock);
    }

    /** Pays test payouts, refunds and sweeps on the sandbox chain and follows them after every block. */
    @Bean
    public SandboxPayouts sandboxPayouts(SandboxChain chain, SandboxWatcher watcher, DataSource dataSource,
                                         CommandGateway commands, Clock clock) {
        SandboxPayouts payouts = new SandboxPayouts(chain, JdbcClient.create(dataSource), commands, clock);
        watcher.afterEachBlock(payouts::follow);
        return payouts;
    }

    /** Test deposit addresses are swept from what the sandbox chain says they hold, on every chain it stands for. */
    @Bean
    public Sweeps.Sources sandboxSweepSources(SandboxChain chain) {
        Map<Sweeps.Source, TokenBalances> sources = new HashMap<>();
        for (Chain network : Chain.values()) {
            sources.put(new Sweeps.Source(Mode.TEST, network), owner -> chain.tokenBalance(network, owner));
        }
        return new Sweeps.Sources(sources);
    }

    /**
     * The block scanner over the sandbox chain, from its first block: it reports transfers to test invoices'
     * addresses only (a sandbox transfer never pays a live invoice).
     */
    public static BlockScanner sandboxScanner(SandboxChain chain, WatchedAddresses watched,
                                              ChainObservationPort observations, SandboxProperties properties,
                                              ScannerStore store, Clock clock) {
        BlockScanner.Settings settings = BlockScanner.Settings
                .of(SCANNER_KEY, Set.of(SandboxChain.USDT_CONTRACT), properties.getConfirmationDepth())
                .startingAt(1);
        return new BlockScanner(chain, watched, observations, store, settings, clock);
    }
}
