package dev.tally.launcher.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.ChildProcesses;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.launcher.WebhookInbox;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash safety, as an operator's worst day would test it: the real launcher runs as a child process while clients
 * create invoices (with idempotent retries), pay them on the sandbox chain and wait for settlement; it is killed with
 * SIGKILL at random moments and started again each time. Afterwards every paid invoice is settled exactly once, the
 * ledger balances, no idempotency key made two invoices, every integration event is unique where it must be and
 * reached the merchant's webhook receiver at least once under one {@code webhook-id}, and no event was parked.
 * <p>
 * In the suite it kills three times; the long run is {@code -Dtally.crash.kills=20} (docs/operations.md). Seeded
 * ({@code tally.crash.seed}): the kill moments are counted in answered requests, not in time.
 */
class CrashSafetyTest {
    private static final int KILLS = Integer.getInteger("tally.crash.kills", 3);
    private static final int BURST = Integer.getInteger("tally.crash.burst", 12);
    private static final long SEED = Long.getLong("tally.crash.seed", 20261206L);
    private static final int CLIENTS = 4;
    private static final String ADMIN_KEY = "tly_admin_crash_harness_0123456789abcdef";
    /** Where the merchant's webhook endpoint receives. */
    static final String HOOKS = "/hooks";
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    /** How long a client looks for the payment of a pay call whose answer it lost before it pays again. */
    private static final Duration UNCERTAIN_PAY_GRACE = Duration.ofSeconds(5);
    private static final Set<String> ONCE_PER_OBJECT = Set.of("invoice.created", "invoice.paid", "invoice.settled",
                                                              "settlement.completed");

    @Test
    void killedAtRandomMomentsTallyLosesDoublesAndFreezesNothing() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "crash-harness"));
        Path log = logs.resolve("launcher-" + System.currentTimeMillis() + ".log");
        try (TestDatabase database = TestDatabase.create(); WebhookInbox hooks = new WebhookInbox()) {
            int port = ChildProcesses.freePort();
            LauncherProcess tally = new LauncherProcess(port, log, settings(database, ADMIN_KEY));
            HttpApi api = new HttpApi(port);
            Random random = new Random(SEED);
            tally.start();
            try {
                String merchantKey = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Crash shop\"}").json()
                                        .get("testApiKey").asText();
                assertThat(api.post("/api/v1/webhook-endpoints", merchantKey,
                                    "{\"url\":\"" + hooks.url(HOOKS) + "\"}").status()).isEqualTo(201);
                Clients clients = new Clients(api, merchantKey);
                int kills = 0;
                for (int round = 0; round < KILLS; round++) {
                    clients.add(BURST, "r" + round);
                    int killAfter = 1 + random.nextInt(3 * BURST);
                    clients.runUntil(killAfter, tally::kill);
                    kills++;
                    tally.start();
                }
                clients.add(BURST, "last");
                clients.runToCompletion();

                assertThat(kills).isEqualTo(KILLS);
                assertThat(clients.unexpected).as("answers no client should get").isEmpty();
                verify(api, ADMIN_KEY, merchantKey, clients, hooks);
            } finally {
                tally.stop();
            }
        }
    }

    /**
     * What must hold once the clients are done: every paid invoice settled exactly once, the ledger balanced, no
     * idempotency key doubled, every integration event unique where it must be and delivered to {@link #HOOKS}.
     */
    static void verify(HttpApi api, String adminKey, String merchantKey, Clients clients, WebhookInbox hooks) {
        // Every paid invoice settles, whatever moment the process died at.
        await("every paid invoice SETTLED").atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, List<JsonNode>> byOrder = invoicesByOrderId(api, merchantKey);
            return byOrder.size() == clients.items.size()
                   && byOrder.values().stream().flatMap(List::stream)
                             .allMatch(i -> "SETTLED".equals(i.get("status").asText()));
        });
        // No idempotency key made two invoices, and every client saw the same invoice for its key on every answer.
        Map<String, List<JsonNode>> byOrder = invoicesByOrderId(api, merchantKey);
        assertThat(byOrder).hasSize(clients.items.size());
        assertThat(byOrder.values()).allSatisfy(invoices -> assertThat(invoices).hasSize(1));
        for (Item item : clients.items) {
            assertThat(item.invoiceIds).as("invoice ids answered for key " + item.key).hasSize(1);
            assertThat(byOrder.get(item.key).get(0).get("id").asText()).isEqualTo(item.invoiceId);
        }
        // Settled exactly once (the settlement views follow the invoices' by a moment).
        await("one completed settlement per invoice").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> clients.items.stream().allMatch(item -> {
                    JsonNode settlements = api.get("/api/v1/settlements?invoiceId=" + item.invoiceId, merchantKey)
                                              .json().get("items");
                    return settlements.size() == 1 && "COMPLETED".equals(settlements.get(0).get("status").asText());
                }));
        for (Item item : clients.items) {
            assertThat(api.get("/api/v1/settlements?invoiceId=" + item.invoiceId, merchantKey).json().get("items"))
                    .as("settlements of " + item.invoiceId).hasSize(1);
        }
        assertThat(api.get("/api/v1/balances", adminKey).json().get("balanced").asBoolean()).isTrue();
        // Integration events: none doubled; each reached the receiver, always under its own webhook-id.
        await("an invoice.settled event per invoice").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> events(api, merchantKey).stream()
                                                     .filter(e -> "invoice.settled".equals(e.get("type").asText()))
                                                     .count() >= clients.items.size());
        List<JsonNode> events = events(api, merchantKey);
        Map<String, Integer> perObject = new HashMap<>();
        for (JsonNode event : events) {
            String type = event.get("type").asText();
            if (ONCE_PER_OBJECT.contains(type)) {
                perObject.merge(type + " " + event.at("/data/object/id").asText(), 1, Integer::sum);
            }
        }
        assertThat(perObject).as("events that must exist once per object").allSatisfy(
                (what, count) -> assertThat(count).as(what).isEqualTo(1));
        assertThat(perObject.keySet()).filteredOn(k -> k.startsWith("invoice.settled "))
                                      .hasSize(clients.items.size());
        Set<String> eventIds = new HashSet<>();
        events.forEach(e -> eventIds.add(e.get("id").asText()));
        await("every event delivered as a webhook").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> hooks.byWebhookId(HOOKS).keySet().containsAll(eventIds));
        assertThat(hooks.byWebhookId(HOOKS).keySet()).isSubsetOf(eventIds);
        hooks.byWebhookId(HOOKS).forEach((webhookId, bodies) -> assertThat(bodies).as("deliveries of " + webhookId)
                .allSatisfy(body -> {
                    assertThat(body.get("id").asText()).isEqualTo(webhookId);
                    assertThat(body.get("type")).isEqualTo(bodies.get(0).get("type"));
                    assertThat(body.at("/data/object/id")).isEqualTo(bodies.get(0).at("/data/object/id"));
                }));
        // Nothing parked, nothing waiting for a person.
        assertThat(api.get("/api/v1/admin/dead-letters", adminKey).json().get("data")).isEmpty();
    }

    /** One client's lifecycle: an idempotency key, the invoice it made, the payment sent. */
    static final class Item {
        final String key;
        final Set<String> invoiceIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile String invoiceId;
        volatile boolean paid;
        /** A pay call whose answer was lost: it may or may not have reached the chain. */
        volatile boolean payUncertain;
        /** When the client first looked for the payment of a lost pay call (0: not yet). */
        volatile long lookingSince;

        Item(String key) {
            this.key = key;
        }
    }

    private enum Step { DONE, LATER, DOWN }

    /**
     * Clients driving lifecycles, each retrying what it did not get an answer for, as a careful integrator would.
     * With one node, a client whose node is gone stops (its lifecycle goes back to the queue); with several behind
     * {@code nodes} (each call may pick another), it tries again on the next.
     */
    static final class Clients {
        final Supplier<HttpApi> nodes;
        final boolean otherNodes;
        final String merchantKey;
        final List<Item> items = new CopyOnWriteArrayList<>();
        final Queue<Item> queue = new ConcurrentLinkedQueue<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final AtomicInteger answered = new AtomicInteger();
        private volatile Consumer<Item> onCreated = item -> { };
        private volatile boolean stopped;

        Clients(HttpApi api, String merchantKey) {
            this(() -> api, false, merchantKey);
        }

        Clients(Supplier<HttpApi> nodes, boolean otherNodes, String merchantKey) {
            this.nodes = nodes;
            this.otherNodes = otherNodes;
            this.merchantKey = merchantKey;
        }

        /** Called once per lifecycle, when its invoice was created. */
        void onCreated(Consumer<Item> action) {
            onCreated = action;
        }

        void add(int count, String round) {
            for (int i = 0; i < count; i++) {
                Item item = new Item("crash-" + round + "-" + i);
                items.add(item);
                queue.add(item);
            }
        }

        /** Runs the clients until {@code requests} more answers came (or the work ran out), then calls {@code kill}. */
        void runUntil(int requests, Runnable kill) throws InterruptedException {
            int target = answered.get() + requests;
            List<Thread> threads = startClients();
            boolean killed = false;
            try {
                await("answers before the kill").atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                        .until(() -> answered.get() >= target || threads.stream().noneMatch(Thread::isAlive));
                kill.run();
                killed = true;
            } finally {
                // A failed run stops its clients: none is left retrying against processes that are gone.
                stopped = !killed;
                for (Thread thread : threads) {
                    thread.join();
                }
            }
        }

        void runToCompletion() throws InterruptedException {
            for (Thread thread : startClients()) {
                thread.join();
            }
            assertThat(queue).as("lifecycles left undone").isEmpty();
        }

        private List<Thread> startClients() {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Thread thread = new Thread(this::work, "crash-client-" + i);
                thread.start();
                threads.add(thread);
            }
            return threads;
        }

        /** Takes lifecycles off the queue until it is empty or the process is gone (what is unfinished goes back). */
        private void work() {
            Item item;
            while ((item = queue.poll()) != null) {
                Item current = item;
                Step step;
                try {
                    step = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                                  .until(() -> advance(current), s -> s != Step.LATER);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    unexpected.add(current.key + ": no progress within " + PATIENCE);
                    continue;
                }
                if (step == Step.DOWN) {
                    queue.add(current);
                    return;
                }
            }
        }

        /** One request of the lifecycle: create, then pay. */
        private Step advance(Item item) {
            if (stopped) {
                return Step.DOWN;
            }
            try {
                if (item.invoiceId == null) {
                    return create(item);
                }
                return item.paid ? Step.DONE : pay(item);
            } catch (UncheckedIOException e) {
                return otherNodes ? Step.LATER : Step.DOWN;
            }
        }

        private Step create(Item item) {
            String body = HttpApi.json(Map.of("amount", "3.00", "asset", "USDT", "chain", "tron",
                                              "orderId", item.key));
            Answer answer = nodes.get().post("/api/v1/invoices", merchantKey, body, item.key);
            answered.incrementAndGet();
            if (answer.status() == 201 || answer.status() == 200) {
                String id = answer.json().get("id").asText();
                item.invoiceIds.add(id);
                item.invoiceId = id;
                onCreated.accept(item);
                return advance(item);
            }
            return retryOrRecord(item, "create", answer);
        }

        private Step pay(Item item) {
            if (item.payUncertain) {
                // Did the lost call reach the chain? Its payment is seen a block or two after it was mined: look
                // for it for a while before paying again (a customer whose wallet lost the answer does the same).
                Answer invoice = nodes.get().get("/api/v1/invoices/" + item.invoiceId, merchantKey);
                answered.incrementAndGet();
                if (invoice.status() == 200 && !"PENDING".equals(invoice.json().get("status").asText())) {
                    item.paid = true;
                    return Step.DONE;
                }
                if (item.lookingSince == 0) {
                    item.lookingSince = System.nanoTime();
                }
                if (System.nanoTime() - item.lookingSince < UNCERTAIN_PAY_GRACE.toNanos()) {
                    return Step.LATER;
                }
            }
            item.payUncertain = true;
            item.lookingSince = 0;
            Answer answer = nodes.get().post("/api/v1/sandbox/invoices/" + item.invoiceId + "/pay", merchantKey,
                                             "{}");
            answered.incrementAndGet();
            if (answer.status() == 202) {
                item.payUncertain = false;
                item.paid = true;
                return Step.DONE;
            }
            item.payUncertain = false;
            return retryOrRecord(item, "pay", answer);
        }

        /** 404 (the read side not there yet after a restart), 409 (a claim in progress) and 503 are retried. */
        private Step retryOrRecord(Item item, String what, Answer answer) {
            if (answer.status() == 404 || answer.status() == 409 || answer.status() == 503) {
                return Step.LATER;
            }
            unexpected.add(item.key + " " + what + ": " + answer.status() + " " + answer.body());
            return Step.DONE;
        }
    }

    private static Map<String, List<JsonNode>> invoicesByOrderId(HttpApi api, String merchantKey) {
        Map<String, List<JsonNode>> byOrder = new HashMap<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/invoices?limit=100" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), merchantKey).json();
            page.get("items").forEach(i -> byOrder.computeIfAbsent(i.get("orderId").asText(), k -> new ArrayList<>())
                                                  .add(i));
            cursor = page.path("nextCursor").isTextual() && page.get("items").size() > 0
                    ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return byOrder;
    }

    private static List<JsonNode> events(HttpApi api, String merchantKey) {
        List<JsonNode> events = new ArrayList<>();
        String cursor = null;
        boolean more;
        do {
            JsonNode page = api.get("/api/v1/events?limit=100" + (cursor == null ? ""
                    : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), merchantKey).json();
            page.get("data").forEach(events::add);
            cursor = page.get("nextCursor").asText();
            more = page.get("hasMore").asBoolean();
        } while (more);
        return events;
    }

    /** A test process's settings: short leases and claims, so what a killed process held is soon free again. */
    static List<String> settings(TestDatabase database, String adminKey) {
        return List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.datasource.hikari.maximum-pool-size=10",
                "--tally.admin.api-key=" + adminKey,
                "--tally.rate-limits.enabled=false",
                "--tally.sandbox.block-interval=200ms",
                // A killed process holds what it claimed until these expire: short, so a run takes minutes.
                "--tally.sandbox.lease=2s",
                "--tally.idempotency.abandoned-after=5s",
                "--tally.webhooks.claim-lease=15s",
                "--axon.eventhandling.tokenstore.claim-timeout=6s",
                "--server.shutdown=immediate",
                "--logging.level.root=warn",
                "--logging.level.dev.tally=info");
    }
}
