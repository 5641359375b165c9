package dev.tally.launcher.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.launcher.ChildProcesses;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.WebhookInbox;
import dev.tally.launcher.crash.CrashSafetyTest.Clients;
import dev.tally.launcher.crash.CrashSafetyTest.Item;
import dev.tally.launcher.kafka.KraftBroker;
import dev.tally.platform.test.TestDatabase;
import dev.tally.watcher.ChainWatcherApplication;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tally scaled out as a platform team would run it: three launcher nodes behind a round-robin balancer (no sticky
 * sessions), the chain watcher as a process of its own, one PostgreSQL and Apache Kafka's broker as a process, the
 * observations going from the watcher to the nodes over Kafka. Clients run a burst of lifecycles (create, pay on the
 * sandbox chain) with each request sent to the next node; customers watch each invoice's live page, each on the next
 * node, and the merchant watches its dashboard on every node. Mid-burst one node is killed with SIGKILL and a new one
 * is started. Afterwards every paid invoice is settled exactly once, the ledger balances, every integration event
 * reached the webhook receiver, and every live page ended on its invoice settled, its stream taken up by another
 * node when its own died, as a browser's {@code EventSource} does.
 */
class ThreeNodesAndAWatcherTest {
    private static final String ADMIN_KEY = "tly_admin_three_nodes_and_a_watcher_012";
    private static final int LIFECYCLES = Integer.getInteger("tally.nodes.burst", 24);
    private static final long SEED = Long.getLong("tally.nodes.seed", 20261207L);
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SANDBOX_LEASE = "--tally.sandbox.lease=";
    /**
     * The watcher's own jar holds its module, the command side's aggregates and the signer: the other modules'
     * auto-configurations stay out (its main turns the command side's write API off).
     */
    private static final List<String> NOT_THE_WATCHER = List.of(
            "dev.tally.query.QuerySideAutoConfiguration", "dev.tally.saga.SagaCoordinatorAutoConfiguration",
            "dev.tally.integrations.IntegrationsAutoConfiguration", "dev.tally.audit.AuditAutoConfiguration");

    @Test
    void aBurstOverThreeNodesOneKilledSettlesEveryInvoiceOnceAndEveryNodeStreamsEveryUpdate() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "crash-harness"));
        List<LauncherProcess> started = new CopyOnWriteArrayList<>();
        List<LiveStream> streams = new CopyOnWriteArrayList<>();
        try (KraftBroker broker = KraftBroker.start(); TestDatabase database = TestDatabase.create();
             WebhookInbox hooks = new WebhookInbox()) {
            try {
                run(broker, database, hooks, logs, started, streams);
            } finally {
                // Before the database and the broker go.
                streams.forEach(LiveStream::close);
                started.forEach(LauncherProcess::stop);
            }
        }
    }

    private static void run(KraftBroker broker, TestDatabase database, WebhookInbox hooks, Path logs,
                            List<LauncherProcess> started, List<LiveStream> streams) throws Exception {
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(database.url(), database.user(),
                                                                        database.password()));
        List<String> kafka = List.of("--tally.transport=kafka",
                                     "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                                     "--logging.level.org.apache.kafka=warn");
        List<String> nodeSettings = Stream.concat(CrashSafetyTest.settings(database, ADMIN_KEY).stream(),
                                                  kafka.stream()).toList();
        List<String> watcherSettings = new ArrayList<>(kafka);
        // Its lease outlasts any pause of a busy machine: the nodes stand by all through the run.
        CrashSafetyTest.settings(database, ADMIN_KEY).forEach(setting -> watcherSettings.add(
                setting.startsWith(SANDBOX_LEASE) ? SANDBOX_LEASE + "30s" : setting));
        watcherSettings.addAll(List.of("--spring.application.name=tally-chain-watcher",
                                       "--spring.autoconfigure.exclude=" + String.join(",", NOT_THE_WATCHER)));
        LauncherProcess watcher = new LauncherProcess(ChainWatcherApplication.class, ChildProcesses.freePort(),
                logs.resolve("watcher-" + System.currentTimeMillis() + ".log"), watcherSettings);
        // The watcher takes the sandbox chain's lease before any node could: every block is produced and
        // scanned in the watcher's process, and the nodes stand by. The first node migrates the other schemas.
        started.add(watcher);
        watcher.start();
        await("the watcher holding the sandbox chain").atMost(PATIENCE)
                .until(() -> sandboxLeaseHolder(jdbc).startsWith(watcher.pid() + "@"));
        LauncherProcess first = node("a", nodeSettings, logs, started);
        first.start();
        LauncherProcess second = node("b", nodeSettings, logs, started);
        LauncherProcess third = node("c", nodeSettings, logs, started);
        CompletableFuture.allOf(CompletableFuture.runAsync(second::start),
                                CompletableFuture.runAsync(third::start)).join();

        Balancer balancer = new Balancer();
        balancer.add(first);
        balancer.add(second);
        balancer.add(third);
        HttpApi admin = first.api();
        String merchantKey = admin.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Three nodes\"}").json()
                                  .get("testApiKey").asText();
        assertThat(admin.post("/api/v1/webhook-endpoints", merchantKey,
                              "{\"url\":\"" + hooks.url(CrashSafetyTest.HOOKS) + "\"}").status()).isEqualTo(201);

        // The merchant's dashboard on every node; each customer's page on the next node.
        Map<LauncherProcess, LiveStream> dashboards = new ConcurrentHashMap<>();
        for (LauncherProcess node : List.of(first, second, third)) {
            dashboards.put(node, open(streams, balancer.startingAt(node), "/api/v1/dashboard/stream",
                                      merchantKey));
        }
        Map<String, LiveStream> pages = new ConcurrentHashMap<>();
        AtomicInteger nextPage = new AtomicInteger();
        Clients clients = new Clients(balancer::next, true, merchantKey);
        clients.onCreated(item -> pages.computeIfAbsent(item.invoiceId, id -> open(streams,
                balancer.startingAt(nextPage.getAndIncrement()), "/api/v1/public/invoices/" + id + "/stream",
                null)));
        clients.add(LIFECYCLES, "burst");
        // A lifecycle takes two answers at least: the kill comes in the burst's first half.
        int killAfter = LIFECYCLES / 2 + new Random(SEED).nextInt(LIFECYCLES / 2);
        LauncherProcess fourth = node("d", nodeSettings, logs, started);
        clients.runUntil(killAfter, () -> {
            // The balancer takes the node out as its health check would, a moment after it died.
            third.kill();
            balancer.remove(third);
            fourth.start();
            balancer.add(fourth);
            dashboards.put(fourth, open(streams, balancer.startingAt(fourth), "/api/v1/dashboard/stream",
                                        merchantKey));
        });
        assertThat(clients.items).as("lifecycles left unpaid").allSatisfy(item -> assertThat(item.paid).isTrue());
        assertThat(clients.unexpected).as("answers no client should get").isEmpty();

        CrashSafetyTest.verify(second.api(), ADMIN_KEY, merchantKey, clients, hooks);

        // Every customer's page ended on its invoice settled, however many nodes it took.
        assertThat(pages.keySet()).containsExactlyInAnyOrderElementsOf(
                clients.items.stream().map(item -> item.invoiceId).toList());
        await("every page's stream ended").atMost(PATIENCE)
                .failFast("a page's stream gave up", () -> pages.values().stream().anyMatch(p -> p.failure() != null))
                .until(() -> pages.values().stream().allMatch(LiveStream::ended));
        pages.forEach((invoice, page) -> {
            List<String> statuses = page.lines().stream().filter(line -> line.startsWith("data:{\"id\""))
                                        .map(ThreeNodesAndAWatcherTest::status).toList();
            assertThat(statuses).as("the states " + invoice + "'s page showed").isNotEmpty()
                                .endsWith("SETTLED");
            // Never back to waiting for a payment once one was seen, whichever node answered.
            assertThat(statuses.stream().dropWhile("PENDING"::equals)).doesNotContain("PENDING");
        });
        // Every node the merchant watched shows the final totals (the killed one's stream, taken up by another).
        HttpApi api = second.api();
        for (LauncherProcess node : List.of(first, second, third, fourth)) {
            await("the final totals on the dashboard streamed from node " + node.pid()).atMost(PATIENCE)
                    .failFast("the dashboard's stream gave up", () -> dashboards.get(node).failure() != null)
                    .until(() -> {
                        JsonNode totals = api.get("/api/v1/dashboard", merchantKey).json();
                        return dashboards.get(node).lines().stream()
                                         .filter(line -> line.startsWith("data:"))
                                         .anyMatch(line -> totals.equals(json(line.substring(5))));
                    });
        }
        // And the chain was scanned by the watcher alone, its observations carried by the broker.
        assertThat(sandboxLeaseHolder(jdbc)).startsWith(watcher.pid() + "@");
    }

    private static LauncherProcess node(String name, List<String> settings, Path logs,
                                        List<LauncherProcess> started) {
        LauncherProcess node = new LauncherProcess(ChildProcesses.freePort(),
                logs.resolve("node-" + name + "-" + System.currentTimeMillis() + ".log"), settings);
        started.add(node);
        return node;
    }

    private static LiveStream open(List<LiveStream> streams, Supplier<HttpApi> nodes, String path, String key) {
        LiveStream stream = LiveStream.open(nodes, path, key);
        streams.add(stream);
        return stream;
    }

    private static String sandboxLeaseHolder(JdbcClient jdbc) {
        return jdbc.sql("SELECT holder FROM watcher.scanner_leases WHERE chain = 'sandbox'").query(String.class)
                   .optional().orElse("");
    }

    private static String status(String dataLine) {
        return json(dataLine.substring("data:".length())).get("status").asText();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A round-robin load balancer over the live nodes: each call goes to the next. A stream asks it for a node each
     * time it connects, starting where it was opened.
     */
    private static final class Balancer {
        private final List<LauncherProcess> nodes = new CopyOnWriteArrayList<>();
        private final Map<LauncherProcess, HttpApi> apis = new ConcurrentHashMap<>();
        private final AtomicInteger turn = new AtomicInteger();

        void add(LauncherProcess node) {
            apis.put(node, node.api());
            nodes.add(node);
        }

        void remove(LauncherProcess node) {
            nodes.remove(node);
        }

        HttpApi next() {
            return at(turn.getAndIncrement());
        }

        /** The nodes in turn from {@code node} (the first call answers {@code node} itself, while it is up). */
        Supplier<HttpApi> startingAt(LauncherProcess node) {
            return startingAt(Math.max(0, nodes.indexOf(node)));
        }

        Supplier<HttpApi> startingAt(int index) {
            AtomicInteger own = new AtomicInteger(index);
            return () -> at(own.getAndIncrement());
        }

        private HttpApi at(int index) {
            List<LauncherProcess> live = new ArrayList<>(nodes);
            return apis.get(live.get(Math.floorMod(index, live.size())));
        }
    }
}
