package dev.tally.watcher.sandbox;

import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.watcher.scan.BlockScanner;
import dev.tally.watcher.scan.ScannerLease;
import dev.tally.watcher.scan.ScannerStore;
import dev.tally.watcher.scan.WatchedAddresses;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Set;

/** The sandbox chain and its watcher (and {@link SandboxController}) — only with {@code tally.sandbox.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tally.sandbox.enabled", havingValue = "true")
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
                                         SandboxProperties properties, DataSource dataSource, Clock clock) {
        if (properties.getLease().compareTo(properties.getBlockInterval().multipliedBy(2)) <= 0) {
            // Renewed with every block: a shorter lease lapses between two blocks, and nodes would take turns.
            throw new IllegalStateException("tally.sandbox.lease (" + properties.getLease() + ") must be more than "
                                            + "twice tally.sandbox.block-interval (" + properties.getBlockInterval()
                                            + ")");
        }
        ScannerStore store = new ScannerStore(dataSource);
        ScannerLease lease = store.lease(SCANNER_KEY, ScannerLease.newHolder(), properties.getLease());
        return new SandboxWatcher(chain, sandboxScanner(chain, observations, properties, store, clock), lease,
                                  properties, clock);
    }

    /** The block scanner over the sandbox chain: from its first block, every address watched. */
    public static BlockScanner sandboxScanner(SandboxChain chain, ChainObservationPort observations,
                                              SandboxProperties properties, ScannerStore store, Clock clock) {
        BlockScanner.Settings settings = BlockScanner.Settings
                .of(SCANNER_KEY, Set.of(SandboxChain.USDT_CONTRACT), properties.getConfirmationDepth())
                .startingAt(1);
        return new BlockScanner(chain, WatchedAddresses.all(), observations, store, settings, clock);
    }
}
