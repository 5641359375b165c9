package dev.tally.watcher.sandbox;

import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import dev.tally.platform.test.TestDatabase;
import dev.tally.watcher.scan.ScannerStore;
import dev.tally.watcher.scan.WatchedAddresses;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the sandbox reports from the outside: the transfer once, then confirmations up to the configured depth. */
class SandboxWatcherTest {

    @Test
    void eachTickProducesABlockAndReportsItThroughTheScanner() {
        try (TestDatabase database = TestDatabase.create()) {
            var dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
            new SchemaMigrations(dataSource, List.of(new ModuleSchema("watcher", 30))).afterPropertiesSet();
            SandboxChain chain = new SandboxChain();
            SandboxProperties properties = new SandboxProperties();
            properties.setConfirmationDepth(12);
            List<ChainObservation> seen = new ArrayList<>();
            Clock clock = Clock.systemUTC();
            SandboxWatcher watcher = new SandboxWatcher(
                    chain, SandboxConfiguration.sandboxScanner(chain, WatchedAddresses.all(), seen::add, properties,
                                                               new ScannerStore(dataSource), clock),
                    null, properties, clock);

            watcher.tick();
            chain.submit(Chain.TRON, "TDeposit", TokenAmount.parse("150", Asset.USDT));
            for (int i = 0; i < 20; i++) {
                watcher.tick();
            }

            assertThat(seen).filteredOn(TransferObserved.class::isInstance).hasSize(1);
            assertThat(seen).filteredOn(ConfirmationsObserved.class::isInstance)
                            .extracting(o -> ((ConfirmationsObserved) o).confirmations())
                            .containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        }
    }
}
