package dev.tally.watcher.config;

import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.watcher.addresses.WatchedAddressCache;
import dev.tally.watcher.chain.ChainClient;
import dev.tally.watcher.chain.ChainClientFactory;
import dev.tally.watcher.chain.ChainEndpoint;
import dev.tally.watcher.health.ChainMetrics;
import dev.tally.watcher.health.ChainStatus;
import dev.tally.watcher.health.StatusRecordingChainClient;
import dev.tally.watcher.scan.BlockScanner;
import dev.tally.watcher.scan.ChainScanLoop;
import dev.tally.watcher.scan.ScannerLease;
import dev.tally.watcher.scan.FailoverChainClient;
import dev.tally.watcher.scan.ScannerStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every enabled chain of {@code tally.chains}: its node clients (one per endpoint, connected by the
 * {@link ChainClientFactory} of the chain's type, behind a {@link FailoverChainClient}), its {@link BlockScanner}
 * and the {@link ChainScanLoop} that runs it, its {@link ChainStatus} for health and metrics. The loops start when
 * the application is ready (after Axon and the transport) and stop first on shutdown; the watched addresses are
 * loaded before the first scan and refreshed every {@code tally.chains.address-refresh-interval}.
 */
public class ChainWatchers implements ApplicationListener<ApplicationReadyEvent>, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ChainWatchers.class);
    /**
     * Blocks a scanner fetches ahead while catching up: enough to keep a node busy while a block is committed, and
     * well within the calls a chain's client lets run at once (with the scanner's own, a fifth of them).
     */
    static final int READ_AHEAD = 3;

    /** One watched chain, assembled. */
    public record WatchedChain(ChainSettings settings, FailoverChainClient client, BlockScanner scanner,
                               ChainScanLoop loop, ChainStatus status) {
    }

    private final ChainWatcherProperties properties;
    private final WatchedAddressCache addresses;
    private final List<WatchedChain> chains = new ArrayList<>();
    private ScheduledExecutorService addressRefresh;
    private volatile boolean running;

    /** This watcher, as a scanner lease holder. */
    private final String holder = ScannerLease.newHolder();

    public ChainWatchers(ChainWatcherProperties properties, List<ChainClientFactory> factories,
                         ChainObservationPort observations, WatchedAddressCache addresses, ScannerStore store,
                         MeterRegistry registry, Clock clock) {
        this.properties = properties;
        this.addresses = addresses;
        Map<String, ChainClientFactory> byType = byType(factories);
        for (ChainSettings chain : properties.enabledChains()) {
            ChainClientFactory factory = byType.get(chain.type());
            if (factory == null) {
                throw new ChainConfigurationException("tally.chains." + chain.name() + ".type",
                        "is '" + chain.type() + "', but no node adapter of that type is on the classpath (types "
                        + "available: " + (byType.isEmpty() ? "none" : String.join(", ", byType.keySet())) + ")");
            }
            if (observations == null) {
                throw new ChainConfigurationException("tally.transport", "gives the chain watcher nowhere to "
                        + "report observations: run it with the command side, or set tally.transport=kafka");
            }
            chains.add(assemble(chain, factory, observations, store, registry, clock));
        }
        properties.chains().values().stream().filter(c -> !c.enabled())
                  .forEach(c -> log.info("Chain {} is configured but disabled", c.name()));
    }

    private WatchedChain assemble(ChainSettings chain, ChainClientFactory factory, ChainObservationPort observations,
                                  ScannerStore store, MeterRegistry registry, Clock clock) {
        List<FailoverChainClient.Node> nodes = new ArrayList<>();
        for (ChainSettings.Endpoint endpoint : chain.endpoints()) {
            ChainClient client = factory.connect(new ChainEndpoint(chain.name(), chain.chain(), endpoint.url(),
                    chain.callTimeout(), chain.tokenContracts(), endpoint.apiKey()));
            nodes.add(new FailoverChainClient.Node(FailoverChainClient.label(endpoint.url()), client));
        }
        FailoverChainClient client = new FailoverChainClient(chain.name(), nodes, new FailoverChainClient.Settings(
                chain.callTimeout(), chain.maxAttempts(), chain.initialBackoff(), chain.maxBackoff(),
                chain.failoverAfter(), chain.failbackAfter()), clock);
        ChainStatus status = new ChainStatus(chain.name(), chain.chain().code(), chain.maxLag());
        status.endpointIs(client::currentEndpoint);
        BlockScanner.Settings settings = new BlockScanner.Settings(chain.name(), chain.tokenContracts(),
                chain.confirmationDepth(), chain.keptBlocks(), chain.firstBlock(),
                properties.dustThreshold().baseUnits());
        BlockScanner scanner = new BlockScanner(new StatusRecordingChainClient(client, status), addresses,
                                                observations, store, settings, clock).withReadAhead(READ_AHEAD);
        // One process scans a chain at a time; a process that dies is replaced once its lease expires.
        ScannerLease lease = store.lease(chain.name(), holder, properties.scannerLease());
        ChainScanLoop loop = new ChainScanLoop(chain.name(), scanner, addresses, chain.pollInterval(), status, clock,
                                               lease);
        if (registry != null) {
            ChainMetrics.register(registry, status);
        }
        log.info("Chain {} ({}, {} node(s): {}): token contracts {}, confirmations reported to depth {}",
                 chain.name(), chain.chain().code(), nodes.size(),
                 nodes.stream().map(FailoverChainClient.Node::label).collect(Collectors.joining(", ")),
                 chain.tokenContracts(), chain.confirmationDepth());
        return new WatchedChain(chain, client, scanner, loop, status);
    }

    private static Map<String, ChainClientFactory> byType(List<ChainClientFactory> factories) {
        Map<String, ChainClientFactory> byType = new TreeMap<>();
        for (ChainClientFactory factory : factories) {
            ChainClientFactory other = byType.put(factory.type(), factory);
            if (other != null) {
                throw new IllegalStateException("two ChainClientFactory beans of type '" + factory.type() + "': "
                        + other.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return byType;
    }

    public List<WatchedChain> chains() {
        return List.copyOf(chains);
    }

    public List<ChainStatus> statuses() {
        return chains.stream().map(WatchedChain::status).toList();
    }

    public Map<String, WatchedChain> byName() {
        return chains.stream().collect(Collectors.toMap(c -> c.settings().name(), Function.identity()));
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        start();
    }

    @Override
    public synchronized void start() {
        if (running || chains.isEmpty()) {
            return;
        }
        try {
            addresses.load();
        } catch (RuntimeException e) {
            log.error("Could not load the watched addresses; the scanners wait until a refresh does", e);
        }
        addressRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "watched-addresses-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.addressRefreshInterval().toMillis();
        addressRefresh.scheduleWithFixedDelay(this::refreshAddresses, every, every, TimeUnit.MILLISECONDS);
        chains.forEach(chain -> chain.loop().start());
        running = true;
    }

    private void refreshAddresses() {
        try {
            addresses.refresh();
        } catch (RuntimeException e) {
            log.warn("Refreshing the watched addresses failed; trying again in {}",
                     properties.addressRefreshInterval(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        chains.forEach(chain -> chain.loop().stop());
        chains.forEach(chain -> chain.scanner().stopReadingAhead());
        addressRefresh.shutdownNow();
        chains.forEach(chain -> chain.client().close());
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started by {@link ApplicationReadyEvent}, not with the context: scanning needs everything else up. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    /** Stops before Axon and the transport do. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 50;
    }
}
