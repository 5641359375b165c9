package dev.tally.launcher.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.ChildProcesses;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.launcher.WebhookInbox;
import dev.tally.launcher.kafka.KraftBroker;
import dev.tally.platform.test.TestDatabase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every service deployed alone, as its own executable jar ({@code java -jar tally-<service>-<version>-exec.jar}), and
 * together the same system as the launcher: the command side takes the writes, the chain watcher pays and scans the
 * sandbox chain and carries its observations to the command side over Kafka (the broker as a process of its own),
 * the saga coordinator settles, and the query side, integrations (webhooks, and integration events on Kafka) and
 * the audit serve what followed. The saga coordinator is killed (SIGKILL) as the payment comes in and another takes
 * over: the invoice is settled once. The saga coordinator and the watcher carry the command side's aggregates and
 * decide their own commands; queries that only the query side answers go to it over HTTP (the command side's and
 * the watcher's invoice lookups). Each service authenticates keys from the credentials table the command side
 * writes: a key revoked there stops working on the services (their key caches are off here), and a key nobody issued
 * never worked. A launcher node, started last, checks the ingress's and the Gateway route's paths against what the
 * services serve.
 */
class ServicesApartIT {
    private static final String ADMIN_KEY = "tly_admin_services_apart_0123456789abcd";
    private static final String SECRET = "services-apart-shared-secret-0123456789";
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** Where the build puts the services' executable jars for these tests (the launcher's pom copies them). */
    private static final Path SERVICES = Path.of("target", "services");
    private static final String HOOKS = "/apart";
    private static final String INTEGRATION_EVENTS = "tally.events";
    private static final Path K8S = Path.of("..", "..", "infra", "deploy", "k8s");
    private static final Path INGRESS = K8S.resolve("ingress.yaml");
    private static final Path HTTP_ROUTE = K8S.resolve("apart").resolve("httproute.yaml");
    private static final Path NGINX_APART = K8S.getParent().resolve("nginx-apart.conf");
    /** A line of nginx-apart.conf's map: a regular expression on "METHOD /path", and the service it picks. */
    private static final Pattern NGINX_ROUTE = Pattern.compile("^\\s*\"~([^\"]+)\"\\s+([a-z-]+);");
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");
    /** The pages and their assets, which no OpenAPI document lists: the query side serves them all. */
    private static final List<String> PAGES = List.of("/pay/x1", "/dashboard", "/refund/x1",
                                                      "/assets/tally/tally.css");

    @Test
    void everyServiceAloneFormsTheSystemAndAuthenticatesFromTheSharedCredentials() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "crash-harness"));
        try (KraftBroker broker = KraftBroker.start(); TestDatabase database = TestDatabase.create();
             WebhookInbox hooks = new WebhookInbox()) {
            int queryPort = ChildProcesses.freePort();
            List<String> settings = new ArrayList<>(CrashSafetyTest.settings(database, ADMIN_KEY));
            settings.addAll(List.of("--tally.transport=kafka",
                                    "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                                    "--logging.level.org.apache.kafka=warn",
                                    "--tally.remote.secret=" + SECRET,
                                    "--tally.remote.peers=http://127.0.0.1:" + queryPort));
            LauncherProcess commandSide = service("command-side", ChildProcesses.freePort(), settings, logs);
            LauncherProcess querySide = service("query-side", queryPort, settings, logs);
            LauncherProcess sagas = service("saga-coordinator", ChildProcesses.freePort(), settings, logs);
            LauncherProcess sagasAgain = service("saga-coordinator", ChildProcesses.freePort(), settings, logs);
            LauncherProcess watcher = service("chain-watcher", ChildProcesses.freePort(), settings, logs);
            // A receiver on this machine, as the launcher's development profile allows.
            LauncherProcess integrations = service("integrations", ChildProcesses.freePort(), settings, logs,
                                                   "--tally.webhooks.allow-http=true",
                                                   "--tally.webhooks.allowlist=127.0.0.0/8",
                                                   "--tally.integration-events.kafka.enabled=true");
            LauncherProcess audit = service("audit", ChildProcesses.freePort(), settings, logs);
            List<LauncherProcess> services = List.of(commandSide, querySide, sagas, watcher, integrations, audit);
            LauncherProcess node = new LauncherProcess(ChildProcesses.freePort(), logs.resolve("apart-node.log"),
                                                       settings);
            List<LiveStream> streams = new ArrayList<>();
            try {
                CompletableFuture.allOf(services.stream().map(service -> CompletableFuture.runAsync(service::start))
                                                .toArray(CompletableFuture[]::new)).join();
                HttpApi writes = commandSide.api();
                HttpApi chain = watcher.api();
                HttpApi reads = querySide.api();
                HttpApi events = integrations.api();
                HttpApi auditor = audit.api();

                String merchantKey = writes.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Apart\"}").json()
                                           .get("testApiKey").asText();
                // The saga coordinator and the watcher carry the command side's aggregates, not its write API.
                assertThat(sagas.api().post("/api/v1/invoices", merchantKey, "{}", "apart-0").status()).isEqualTo(404);
                assertThat(chain.post("/api/v1/invoices", merchantKey, "{}", "apart-0").status()).isEqualTo(404);
                Answer endpoint = events.post("/api/v1/webhook-endpoints", merchantKey,
                                              "{\"url\":\"" + hooks.url(HOOKS) + "\"}");
                assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
                Answer created = writes.post("/api/v1/invoices", merchantKey,
                                             HttpApi.json(Map.of("amount", "4.00", "asset", "USDT", "chain", "tron",
                                                                 "orderId", "apart-1")), "apart-1");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                String id = created.json().get("id").asText();

                // The merchant's key works on the query side, which never saw it issued.
                await("the invoice on the query side").atMost(PATIENCE).until(
                        () -> reads.get("/api/v1/invoices/" + id, merchantKey).status() == 200);
                JsonNode invoice = reads.get("/api/v1/invoices/" + id, merchantKey).json();
                assertThat(invoice.get("amount").asText()).isEqualTo("4.00");
                assertThat(reads.get("/api/v1/invoices/" + id, "tly_test_" + "0".repeat(43)).status())
                        .as("a key nobody issued").isEqualTo(401);
                // It has no write endpoints: the node takes those.
                Answer write = reads.post("/api/v1/invoices", merchantKey, "{}", "apart-2");
                assertThat(write.status()).as(write.body()).isEqualTo(405);
                assertThat(write.contentType()).startsWith("application/problem+json");
                // Its OpenAPI document lists what it serves, for the balancer's routes.
                JsonNode paths = reads.get("/v3/api-docs", null).json().get("paths");
                assertThat(paths.has("/api/v1/dashboard/stream")).isTrue();
                assertThat(paths.path("/api/v1/invoices").has("get")).isTrue();
                assertThat(paths.path("/api/v1/invoices").has("post")).isFalse();
                assertThat(paths.has("/api/v1/merchants")).isFalse();

                LiveStream page = LiveStream.open(() -> reads, "/api/v1/public/invoices/" + id + "/stream", null);
                streams.add(page);
                await("the page streaming from the query side").atMost(PATIENCE)
                        .until(() -> page.lines().contains("event:invoice"));
                // Paid on the watcher, which asks the query side for the invoice; settled by the saga coordinator.
                Answer paid = chain.post("/api/v1/sandbox/invoices/" + id + "/pay", merchantKey, "{}");
                assertThat(paid.status()).as(paid.body()).isEqualTo(202);
                // The twin: the saga coordinator is killed as the payment comes in, wherever it was, and another
                // starts; it takes the sagas' segments over once the dead one's claims lapse, and settles once.
                sagas.kill();
                sagasAgain.start();
                await("the page on the query side ends settled").atMost(PATIENCE).until(page::ended);
                assertThat(page.lines().stream().filter(line -> line.startsWith("data:{\"id\"")).toList())
                        .last().asString().contains("\"status\":\"SETTLED\"");
                await("the settled volume on the query side's dashboard").atMost(PATIENCE).until(
                        () -> reads.get("/api/v1/dashboard", merchantKey).body().contains("\"grossVolume\":\"4.00\""));

                // Integrations: the invoice's events, served and delivered.
                await("invoice.settled in the events served by integrations").atMost(PATIENCE).until(
                        () -> events.get("/api/v1/events?limit=100", merchantKey).json().get("data").findValues("type")
                                    .stream().anyMatch(type -> type.asText().equals("invoice.settled")));
                await("invoice.settled delivered to the merchant's receiver").atMost(PATIENCE).until(
                        () -> hooks.ofType(HOOKS, "invoice.settled").stream()
                                   .anyMatch(hook -> id.equals(hook.at("/data/object/id").asText())));
                // And published to Kafka, keyed by the invoice.
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "services-apart-test",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                        new StringDeserializer(), new StringDeserializer())) {
                    consumer.subscribe(List.of(INTEGRATION_EVENTS));
                    List<ConsumerRecord<String, String>> published = new ArrayList<>();
                    await("invoice.settled on Kafka's " + INTEGRATION_EVENTS).atMost(PATIENCE).until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(published::add);
                        return published.stream().anyMatch(record -> id.equals(record.key())
                                                                     && record.value().contains("invoice.settled"));
                    });
                }

                // The audit: an auditor's key, issued by the platform on the node, reads the invoice's state there.
                String auditorKey = writes.post("/api/v1/api-keys", ADMIN_KEY,
                                                "{\"role\":\"auditor\",\"name\":\"apart\"}").json()
                                          .get("apiKey").asText();
                JsonNode state = auditor.get("/api/v1/audit/invoices/" + id + "/state", auditorKey).json();
                assertThat(state.at("/state/status").asText()).as(state.toString()).isEqualTo("SETTLED");
                await("the hash chain verified intact by the audit alone").atMost(PATIENCE).until(
                        () -> auditor.post("/api/v1/audit/verify", auditorKey, null).json().get("intact").asBoolean());

                // Settled once, whatever the killed saga coordinator had done before it died.
                assertThat(reads.get("/api/v1/settlements?invoiceId=" + id, merchantKey).json().get("items"))
                        .as("the invoice's settlements").hasSize(1);
                assertThat(reads.get("/api/v1/dashboard", merchantKey).body()).contains("\"grossVolume\":\"4.00\"");

                // The ingress's routes: whatever a node serves under a path routed to a service, that service serves.
                node.start();
                assertIngressRoutesWhatEachServiceServes(Map.of("tally", node.api(), "tally-query-side", reads,
                                                                "tally-integrations", events, "tally-audit", auditor));
                assertGatewayRoutesWhatEachServiceServes(node.api(), Map.of(
                        "tally-command-side", writes, "tally-query-side", reads, "tally-integrations", events,
                        "tally-audit", auditor, "tally-chain-watcher", chain));
                assertComposeGatewayRoutesWhatEachServiceServes(node.api(), Map.of(
                        "command-side", writes, "query-side", reads, "integrations", events, "audit", auditor,
                        "chain-watcher", chain));
                assertThat(reads.get("/pay/" + id, null).status()).isEqualTo(200);
                assertThat(reads.get("/dashboard", null).status()).isEqualTo(200);
                assertThat(reads.get("/assets/tally/tally.css", null).status()).isEqualTo(200);

                // A second key, revoked on the node: refused on the query side from then on.
                JsonNode second = writes.post("/api/v1/api-keys", merchantKey, "{\"name\":\"second\"}").json();
                String secondKey = second.get("apiKey").asText();
                assertThat(reads.get("/api/v1/invoices/" + id, secondKey).status()).isEqualTo(200);
                assertThat(writes.send("DELETE", "/api/v1/api-keys/" + second.get("id").asText(), merchantKey, null)
                                 .status()).isEqualTo(200);
                assertThat(reads.get("/api/v1/invoices/" + id, secondKey).status()).isEqualTo(401);
                assertThat(events.get("/api/v1/events", secondKey).status()).isEqualTo(401);
                assertThat(reads.get("/api/v1/invoices/" + id, merchantKey).status()).isEqualTo(200);
            } finally {
                streams.forEach(LiveStream::close);
                services.forEach(LauncherProcess::stop);
                sagasAgain.stop();
                node.stop();
            }
        }
    }

    /**
     * Every operation a node's OpenAPI document lists, sent where {@code infra/deploy/k8s/ingress.yaml} routes its path
     * (the longest matching prefix, as Kubernetes' {@code Prefix} paths match), is one that service lists too: no API
     * request the ingress routes to a service is a 404 or 405 there, and every path has a route.
     */
    @SuppressWarnings("unchecked")
    private static void assertIngressRoutesWhatEachServiceServes(Map<String, HttpApi> services) throws IOException {
        Map<String, Object> ingress = new Yaml().load(Files.readString(INGRESS));
        Map<String, String> routes = new HashMap<>();
        for (Map<String, Object> rule : (List<Map<String, Object>>) ((Map<String, Object>) ingress.get("spec"))
                .get("rules")) {
            for (Map<String, Object> path : (List<Map<String, Object>>) ((Map<String, Object>) rule.get("http"))
                    .get("paths")) {
                assertThat(path.get("pathType")).isEqualTo("Prefix");
                Map<String, Object> service = (Map<String, Object>) ((Map<String, Object>) path.get("backend"))
                        .get("service");
                assertThat(routes.put((String) path.get("path"), (String) service.get("name")))
                        .as("a second route for " + path.get("path")).isNull();
            }
        }
        assertThat(routes.values()).as("the services the ingress routes to")
                                   .containsAll(services.keySet()).allMatch(services::containsKey);
        assertThat(routes).as("the nodes take what no service apart serves").containsEntry("/", "tally");
        Map<String, JsonNode> documents = new HashMap<>();
        services.forEach((name, api) -> documents.put(name, api.get("/v3/api-docs", null).json().get("paths")));
        List<String> routed = new ArrayList<>();
        documents.get("tally").fields().forEachRemaining(operations -> {
            String path = operations.getKey();
            String service = routes.keySet().stream()
                                   .filter(prefix -> underPrefix(path, prefix))
                                   .max(Comparator.comparingInt(String::length)).map(routes::get).orElseThrow();
            operations.getValue().fieldNames().forEachRemaining(method -> {
                if (HTTP_METHODS.contains(method) && !service.equals("tally")) {
                    routed.add(method + " " + path);
                    assertThat(documents.get(service).path(path).has(method))
                            .as(method.toUpperCase(Locale.ROOT) + " " + path + ", routed to " + service).isTrue();
                }
            });
        });
        assertThat(routed).as("operations the ingress sends to the services apart").hasSizeGreaterThan(10);
    }

    /**
     * Every operation a node's OpenAPI document lists, sent where {@code infra/deploy/k8s/apart/httproute.yaml} routes
     * it (as the Gateway API chooses: the longest matching path prefix, then a rule that names the method), is one
     * that service lists too: with every service apart, nothing the nodes would serve is lost. The services' own
     * {@code /internal} path is routed nowhere.
     */
    @SuppressWarnings("unchecked")
    private static void assertGatewayRoutesWhatEachServiceServes(HttpApi node, Map<String, HttpApi> services)
            throws IOException {
        record Route(String prefix, String method, String service) {
        }
        Map<String, Object> httpRoute = new Yaml().load(Files.readString(HTTP_ROUTE));
        List<Route> routes = new ArrayList<>();
        for (Map<String, Object> rule : (List<Map<String, Object>>) ((Map<String, Object>) httpRoute.get("spec"))
                .get("rules")) {
            List<Map<String, Object>> backends = (List<Map<String, Object>>) rule.get("backendRefs");
            String service = backends == null ? null : (String) backends.get(0).get("name");
            for (Map<String, Object> match : (List<Map<String, Object>>) rule.get("matches")) {
                Map<String, Object> path = (Map<String, Object>) match.get("path");
                assertThat(path.get("type")).isEqualTo("PathPrefix");
                routes.add(new Route((String) path.get("value"), (String) match.get("method"), service));
            }
        }
        assertThat(routes).as("the services' own path, routed nowhere")
                          .contains(new Route("/internal", null, null));
        assertThat(routes.stream().map(Route::service).filter(java.util.Objects::nonNull).distinct())
                .as("the services the route sends to").containsExactlyInAnyOrderElementsOf(services.keySet());
        BiFunction<String, String, Route> routeOf = (method, path) -> routes.stream()
                .filter(candidate -> underPrefix(path, candidate.prefix())
                                     && (candidate.method() == null || candidate.method().equalsIgnoreCase(method)))
                .max(Comparator.comparingInt((Route candidate) -> candidate.prefix().length())
                               .thenComparing(candidate -> candidate.method() != null))
                .orElseThrow();
        PAGES.forEach(page -> assertThat(routeOf.apply("GET", page).service()).as("GET " + page)
                                                                           .isEqualTo("tally-query-side"));
        assertEachOperationServedWhereRouted(node, services, (method, path) -> routeOf.apply(method, path).service());
    }

    /**
     * The same for compose-apart.yaml's gateway, {@code infra/deploy/nginx-apart.conf}: each operation a node lists,
     * as a request with its path's parameters filled in, goes where the first matching line of its map says (else to
     * the command side), and that service lists it. The services' own {@code /internal} path goes nowhere.
     */
    private static void assertComposeGatewayRoutesWhatEachServiceServes(HttpApi node, Map<String, HttpApi> services)
            throws IOException {
        Map<Pattern, String> routes = new LinkedHashMap<>();
        for (String line : Files.readAllLines(NGINX_APART)) {
            Matcher route = NGINX_ROUTE.matcher(line);
            if (route.find()) {
                routes.put(Pattern.compile(route.group(1)), route.group(2));
            }
        }
        Function<String, String> serviceOf = request -> routes.entrySet().stream()
                                                              .filter(route -> route.getKey().matcher(request).find())
                                                              .map(Map.Entry::getValue).findFirst()
                                                              .orElse("command-side");
        assertThat(serviceOf.apply("POST /internal/messages/queries")).isEqualTo("none");
        PAGES.forEach(page -> assertThat(serviceOf.apply("GET " + page)).as("GET " + page)
                                                                          .isEqualTo("query-side"));
        assertEachOperationServedWhereRouted(node, services, (method, path) -> serviceOf.apply(
                method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{[^}]+}", "x1")));
    }

    /**
     * Each operation a node's OpenAPI document lists, sent to the service {@code router} picks for its method and
     * path, is one that service lists too.
     */
    private static void assertEachOperationServedWhereRouted(HttpApi node, Map<String, HttpApi> services,
                                                             BiFunction<String, String, String> router) {
        Map<String, JsonNode> documents = new HashMap<>();
        services.forEach((name, api) -> documents.put(name, api.get("/v3/api-docs", null).json().get("paths")));
        List<String> routed = new ArrayList<>();
        node.get("/v3/api-docs", null).json().get("paths").fields().forEachRemaining(operations -> {
            String path = operations.getKey();
            operations.getValue().fieldNames().forEachRemaining(method -> {
                if (!HTTP_METHODS.contains(method)) {
                    return;
                }
                String service = router.apply(method, path);
                String where = method.toUpperCase(Locale.ROOT) + " " + path + ", routed to " + service;
                assertThat(documents.get(service)).as(where).isNotNull();
                assertThat(documents.get(service).path(path).has(method)).as(where).isTrue();
                routed.add(where);
            });
        });
        assertThat(routed).as("operations routed to the services apart").hasSizeGreaterThan(60);
    }

    /** Whether {@code path} is under {@code prefix} as Kubernetes' path prefixes match: by whole segments. */
    private static boolean underPrefix(String path, String prefix) {
        return prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** {@code name}'s own executable jar, on the shared settings, its key cache off. */
    private static LauncherProcess service(String name, int port, List<String> settings, Path logs,
                                           String... more) {
        Path jar = SERVICES.resolve("tally-" + name + ".jar");
        assertThat(jar).as(name + "'s executable jar, from the build").isRegularFile();
        List<String> all = new ArrayList<>(settings);
        all.add("--tally.security.api-key-cache.ttl=0");
        all.addAll(List.of(more));
        return LauncherProcess.ofJar(jar, port, logs.resolve("apart-" + name + ".log"), all);
    }
}
