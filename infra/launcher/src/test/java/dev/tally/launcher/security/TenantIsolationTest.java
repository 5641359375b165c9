package dev.tally.launcher.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.launcher.TallyApplication;
import dev.tally.launcher.security.SecurityHttp.Answer;
import dev.tally.platform.security.ApiKeys;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Merchant B walks every operation of the served OpenAPI document against merchant A's data and must see none of
 * it; and so does A's own key of the other mode: a test key against A's live objects, a live key against A's test
 * objects (the merchant's id and name are the one thing both modes share). Generic on purpose, so endpoints added
 * later are covered without touching this test:
 * <ul>
 *   <li>A path parameter whose name is known ({@code invoiceId}, {@code settlementId}, {@code apiKeyId},
 *       {@code merchantId}, {@code paymentId}) gets each of A's ids of that kind, and the answer must be 403 or 404.
 *       Any other path parameter gets each id found in A's own list answers (harvested by walking the list
 *       operations as A) and a random id; the answer must be a 4xx.</li>
 *   <li>Query parameters with a known id name get A's ids (a second request beside the one without them).</li>
 *   <li>Request bodies are built from the operation's schema: required fields get a plausible value, id-named fields
 *       A's ids.</li>
 *   <li>Every answer — lists, reports, CSV, server-sent events (read for a bounded time) — and every header must
 *       contain none of A's markers (ids, key prefixes, deposit addresses, order ids, transaction hash, name), and
 *       none is a 5xx. A refusal may echo an id B itself sent (the problem's {@code instance}). Afterwards A's data is unchanged.</li>
 *   <li>Customer-facing paths ({@code /api/v1/public/**}, {@code /pay/**}) are left out: they are reached by an
 *       invoice's unguessable id without any key and show no merchant data.</li>
 * </ul>
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {SecurityTests.ADMIN_KEY_PROPERTY, SecurityTests.SMALL_POOL,
                      // Live invoices on Tron (the node is never reached: payments come through the port).
                      "tally.chains.tron.endpoints[0].url=127.0.0.1:1",
                      "tally.chains.tron.xpub=" + SecurityTests.TRON_XPUB})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class TenantIsolationTest {
    static final String ADMIN_KEY = SecurityTests.ADMIN_KEY;
    private static final String USDT_TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Pattern TYPED_ID = Pattern.compile("\\b[a-z]{2,5}_[0-9A-Za-z]{8,64}\\b");
    private static final Set<String> WRITE_METHODS = Set.of("post", "put", "patch", "delete");
    private static final Duration STREAM_WINDOW = Duration.ofMillis(1500);

    @LocalServerPort
    int port;
    @Autowired
    ChainObservationPort observations;
    @Autowired
    JdbcTemplate jdbc;

    SecurityHttp api;

    /** Merchant A's ids by the parameter names that carry them. */
    final Map<String, List<String>> idsOfA = new LinkedHashMap<>();
    /** Every string of A's that must never reach B. */
    final Set<String> markersOfA = new LinkedHashSet<>();
    String merchantIdOfA;
    /** A's webhook endpoint, which must be unchanged after B's walk. */
    String webhookEndpointOfA;
    /** Ids found in A's own list answers, for path parameters of unknown names. */
    final Set<String> harvestedIdsOfA = new LinkedHashSet<>();

    @Test
    void merchantBSeesNothingOfMerchantAThroughAnyOperation() {
        api = new SecurityHttp(port);
        String keyOfA = givenMerchantAWithData(Mode.TEST).get("testApiKey").asText();
        String keyOfB = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Merchant B\"}").json().get("testApiKey")
                           .asText();
        walkAsIntruder(keyOfA, keyOfB);
        assertTheWalkCatchesALeakAndChangedNothing(keyOfA);
    }

    @Test
    void aTestKeySeesNothingOfItsMerchantsLiveObjectsThroughAnyOperation() {
        walkTheOtherModeOf(Mode.LIVE);
    }

    @Test
    void aLiveKeySeesNothingOfItsMerchantsTestObjectsThroughAnyOperation() {
        walkTheOtherModeOf(Mode.TEST);
    }

    /** A merchant's data in {@code mode}, walked by the same merchant's key of the other mode. */
    private void walkTheOtherModeOf(Mode mode) {
        api = new SecurityHttp(port);
        JsonNode merchant = givenMerchantAWithData(mode);
        forgetWhatBothModesShare(merchant);
        String owner = merchant.get(mode == Mode.LIVE ? "apiKey" : "testApiKey").asText();
        walkAsIntruder(owner, merchant.get(mode == Mode.LIVE ? "testApiKey" : "apiKey").asText());
        assertTheWalkCatchesALeakAndChangedNothing(owner);
    }

    /** Walks every operation as {@code intruder} against A's data (held by {@code keyOfA}); nothing may leak. */
    private void walkAsIntruder(String keyOfA, String intruder) {
        JsonNode document = api.get("/v3/api-docs", null).json();
        harvestIdsOfA(document, keyOfA);

        List<String> walked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().startsWith("/api/v1/public/") || path.getKey().startsWith("/pay/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toLowerCase(Locale.ROOT);
                if (!Set.of("get", "post", "put", "patch", "delete", "head").contains(method)) {
                    continue;
                }
                for (Request request : requests(document, path.getKey(), method, operation.getValue())) {
                    walked.add(request.describe());
                    check(request, intruder, failures);
                }
            }
        }
        assertThat(failures).as("operations that leaked or misbehaved").isEmpty();
        assertThat(walked).as("the walk reached the merchant-facing operations")
                          .anyMatch(r -> r.startsWith("GET /api/v1/invoices/inv_"))
                          .anyMatch(r -> r.startsWith("GET /api/v1/settlements/stl_"))
                          .anyMatch(r -> r.startsWith("DELETE /api/v1/api-keys/key_"))
                          .anyMatch(r -> r.startsWith("POST /api/v1/invoices/inv_"))
                          .anyMatch(r -> r.startsWith("GET /api/v1/events"))
                          .anyMatch(r -> r.startsWith("GET /api/v1/webhook-endpoints/we_"))
                          .anyMatch(r -> r.startsWith("POST /api/v1/webhook-endpoints/we_"));

        // Reports carry figures, not ids: the intruder, which has no payments (in its mode), must get no rows from
        // any of them, while A's own key gets rows (so the check can fail).
        List<String> reports = new ArrayList<>();
        document.get("paths").fieldNames().forEachRemaining(p -> {
            if (p.startsWith("/api/v1/reports/")) {
                reports.add(p);
            }
        });
        assertThat(reports).as("the reports in the API document")
                           .contains("/api/v1/reports/confirmation-stats", "/api/v1/reports/daily-settlements");
        int rowsOfA = 0;
        for (String report : reports) {
            JsonNode ofB = api.get(report, intruder).json();
            assertThat(ofB.get("items")).as(report + " as the intruder").isEmpty();
            rowsOfA += api.get(report, keyOfA).json().get("items").size();
        }
        assertThat(rowsOfA).as("merchant A's own report rows").isPositive();
    }

    /** The merchant's own id and name are in every answer of either mode: they are no leak between modes. */
    private void forgetWhatBothModesShare(JsonNode merchant) {
        markersOfA.remove(merchant.get("id").asText());
        markersOfA.remove(merchant.get("name").asText());
        idsOfA.remove("merchantId");
    }

    private void assertTheWalkCatchesALeakAndChangedNothing(String keyOfA) {
        // The checks do catch a leak: A's own key reading A's invoice would be flagged.
        List<String> control = new ArrayList<>();
        check(new Request("GET", "/api/v1/invoices/" + idsOfA.get("invoiceId").get(0), null, true, false), keyOfA,
              control);
        assertThat(control).as("a leak is noticed").isNotEmpty();

        // Nothing of A's changed: its keys work, its open invoice is open.
        assertThat(api.get("/api/v1/invoices", keyOfA).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM command.api_keys WHERE merchant_id = ? AND revoked_at "
                                       + "IS NOT NULL", Integer.class, merchantIdOfA)).isZero();
        String open = idsOfA.get("invoiceId").get(0);
        assertThat(api.get("/api/v1/invoices/" + open, keyOfA).json().get("status").asText()).isEqualTo("PENDING");
        JsonNode webhookOfA = api.get("/api/v1/webhook-endpoints/" + webhookEndpointOfA, keyOfA).json();
        assertThat(webhookOfA.get("enabled").asBoolean()).isTrue();
        assertThat(markersOfA).contains(webhookOfA.get("url").asText());
    }

    /**
     * Merchant A with, in {@code mode}, an open invoice, a settled one (so a settlement, a payment and integration
     * events), a second API key and a webhook endpoint with a delivery. Answers A's registration.
     */
    private JsonNode givenMerchantAWithData(Mode mode) {
        JsonNode merchant = api.post("/api/v1/merchants", ADMIN_KEY,
                                     "{\"name\":\"Merchant A " + UUID.randomUUID() + "\"}").json();
        merchantIdOfA = merchant.get("id").asText();
        String key = merchant.get(mode == Mode.LIVE ? "apiKey" : "testApiKey").asText();
        String keyId = merchant.get(mode == Mode.LIVE ? "apiKeyId" : "testApiKeyId").asText();
        String orderOpen = "A-open-" + UUID.randomUUID();
        String orderPaid = "A-paid-" + UUID.randomUUID();
        JsonNode open = api.post("/api/v1/invoices", key, invoice(orderOpen)).json();
        JsonNode paid = api.post("/api/v1/invoices", key, invoice(orderPaid)).json();
        String txHash = HexFormat.of().formatHex(random(32));
        var transfer = new TransferObserved(Chain.TRON, txHash, 0, USDT_TRON, "TCustomerOfA",
                                            paid.get("depositAddress").asText(), TokenAmount.parse("7", Asset.USDT),
                                            500L, "block-a", Instant.now());
        observations.accept(transfer);
        String settlement = "stl_" + paid.get("id").asText().substring(4);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/settlements/" + settlement, key).status()
                                                           == 200);
        // and its integration events (written by their own processor), so that the events API has A's to hide
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/events?type=invoice.settled", key).json()
                                                           .get("data").size() == 1);
        JsonNode second = api.post("/api/v1/api-keys", key, "{\"name\":\"A second\"}").json();
        // A webhook endpoint with a delivery in its log. A test one may be on loopback (allowlisted in the dev
        // profile; nothing listens on the discard port); a live one must be https to a public address (never
        // reached from here).
        String webhookUrl = (mode == Mode.LIVE ? "https://93.184.216.34/webhooks-of-a-"
                                               : "http://127.0.0.1:9/webhooks-of-a-") + UUID.randomUUID();
        JsonNode webhook = api.post("/api/v1/webhook-endpoints", key, "{\"url\":\"" + webhookUrl + "\"}").json();
        api.post("/api/v1/webhook-endpoints/" + webhook.get("id").asText() + "/test", key, null);

        idsOfA.put("merchantId", List.of(merchant.get("id").asText()));
        idsOfA.put("invoiceId", List.of(open.get("id").asText(), paid.get("id").asText()));
        idsOfA.put("settlementId", List.of(settlement));
        idsOfA.put("apiKeyId", List.of(keyId, second.get("id").asText()));
        idsOfA.put("paymentId", List.of(transfer.paymentId().value()));
        idsOfA.values().forEach(markersOfA::addAll);
        // Not a marker (the words are in every API document), but a known name: A's aggregates' audit history and
        // state are then asked for by their real kind.
        idsOfA.put("aggregateType", List.of("invoices", "payments", "settlements"));
        markersOfA.addAll(List.of(merchant.get("name").asText(), orderOpen, orderPaid, txHash,
                                  open.get("depositAddress").asText(), paid.get("depositAddress").asText(),
                                  ApiKeys.displayPrefix(key), second.get("prefix").asText(),
                                  key, second.get("apiKey").asText()));
        markersOfA.addAll(List.of(webhook.get("id").asText(), webhookUrl, webhook.get("secret").asText()));
        webhookEndpointOfA = webhook.get("id").asText();
        return merchant;
    }

    /** Walks A's own list operations (GET without path parameters) and keeps every typed id they show. */
    private void harvestIdsOfA(JsonNode document, String keyOfA) {
        document.get("paths").fields().forEachRemaining(path -> {
            JsonNode get = path.getValue().get("get");
            if (get == null || path.getKey().contains("{") || path.getKey().startsWith("/api/v1/public/")
                || !path.getKey().startsWith("/api/")) {
                return;
            }
            Answer answer = api.sendBounded("GET", path.getKey(), keyOfA, null, STREAM_WINDOW);
            if (answer.status() == 200) {
                Matcher ids = TYPED_ID.matcher(answer.body());
                while (ids.find()) {
                    harvestedIdsOfA.add(ids.group());
                }
            }
        });
        harvestedIdsOfA.removeIf(id -> !markersOfA.contains(id) && id.startsWith("mer_"));
        markersOfA.addAll(harvestedIdsOfA);
    }

    /** One request of the walk, and whether it carries one of A's ids by a known name. */
    record Request(String method, String path, String body, boolean targetsKnownIdOfA, boolean targetsOtherIdOfA) {
        String describe() {
            return method + " " + path;
        }
    }

    private List<Request> requests(JsonNode document, String template, String method, JsonNode operation) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PATH_PARAMETER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        // Every combination of candidate values for the path parameters.
        List<Map<String, String>> bindings = new ArrayList<>();
        bindings.add(new LinkedHashMap<>());
        boolean known = true;
        for (String name : names) {
            List<String> candidates = idsOfA.get(name);
            if (candidates == null) {
                known = false;
                candidates = new ArrayList<>(harvestedIdsOfA);
                candidates.add(randomIdLike(name));
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> binding : bindings) {
                for (String candidate : candidates) {
                    Map<String, String> extended = new LinkedHashMap<>(binding);
                    extended.put(name, candidate);
                    next.add(extended);
                }
            }
            bindings = next;
        }
        String body = WRITE_METHODS.contains(method) && !method.equals("delete") ? body(document, operation) : null;
        List<String> queries = new ArrayList<>();
        queries.add("");
        StringBuilder idQuery = new StringBuilder();
        for (JsonNode parameter : operation.path("parameters")) {
            String name = parameter.path("name").asText();
            if ("query".equals(parameter.path("in").asText()) && idsOfA.containsKey(name)) {
                idQuery.append(idQuery.length() == 0 ? "?" : "&").append(name).append('=')
                       .append(URLEncoder.encode(idsOfA.get(name).get(0), StandardCharsets.UTF_8));
            }
        }
        if (idQuery.length() > 0) {
            queries.add(idQuery.toString());
        }
        List<Request> requests = new ArrayList<>();
        for (Map<String, String> binding : bindings) {
            String path = template;
            for (Map.Entry<String, String> value : binding.entrySet()) {
                path = path.replace("{" + value.getKey() + "}", value.getValue());
            }
            for (String query : queries) {
                requests.add(new Request(method.toUpperCase(Locale.ROOT), path + query, body,
                                         !names.isEmpty() && known, !names.isEmpty() && !known));
            }
        }
        return requests;
    }

    private void check(Request request, String keyOfB, List<String> failures) {
        Answer answer = api.sendBounded(request.method(), request.path(), keyOfB, request.body(), STREAM_WINDOW);
        String what = request.describe() + " → " + answer.status();
        if (answer.status() >= 500) {
            failures.add(what + ": server error " + answer.body());
        }
        if (request.targetsKnownIdOfA() && answer.status() != 403 && answer.status() != 404) {
            failures.add(what + ": expected 403 or 404 for another merchant's id");
        }
        if (request.targetsOtherIdOfA() && (answer.status() < 400 || answer.status() >= 500)) {
            failures.add(what + ": expected a 4xx for another merchant's (or an unknown) id");
        }
        for (String marker : markersOfA) {
            // A refusal may echo what B sent (the problem's instance, "invoice … not found"): that is no leak.
            boolean echo = answer.status() >= 400 && (request.path().contains(marker)
                                                      || (request.body() != null && request.body().contains(marker)));
            if (echo) {
                continue;
            }
            if (answer.body().contains(marker)) {
                failures.add(what + ": the body shows A's " + marker);
            }
            answer.raw().headers().map().forEach((header, values) -> values.forEach(value -> {
                if (value.contains(marker)) {
                    failures.add(what + ": header " + header + " shows A's " + marker);
                }
            }));
        }
    }

    /** A body for the operation's JSON schema: required fields filled plausibly, id-named fields with A's ids. */
    private String body(JsonNode document, JsonNode operation) {
        JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return null;
        }
        return SecurityHttp.json(value(document, schema, "body", 0));
    }

    private Object value(JsonNode document, JsonNode schema, String name, int depth) {
        schema = resolve(document, schema);
        if (idsOfA.containsKey(name)) {
            return idsOfA.get(name).get(0);
        }
        if (schema.has("example")) {
            return SecurityHttp.JSON.convertValue(schema.get("example"), Object.class);
        }
        if (schema.has("enum")) {
            return SecurityHttp.JSON.convertValue(schema.get("enum").get(0), Object.class);
        }
        String type = schema.path("type").asText("object");
        switch (type) {
            case "integer":
            case "number":
                return 1;
            case "boolean":
                return true;
            case "array":
                return List.of();
            case "string":
                return "date-time".equals(schema.path("format").asText()) ? Instant.now().toString() : "1";
            default:
                ObjectNode object = SecurityHttp.JSON.createObjectNode();
                if (depth > 4) {
                    return object;
                }
                Set<String> required = new LinkedHashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                schema.path("properties").fields().forEachRemaining(property -> {
                    if (required.contains(property.getKey()) || idsOfA.containsKey(property.getKey())) {
                        object.set(property.getKey(), SecurityHttp.JSON.valueToTree(
                                value(document, property.getValue(), property.getKey(), depth + 1)));
                    }
                });
                return object;
        }
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText(null);
        if (ref == null || !ref.startsWith("#/")) {
            return schema;
        }
        JsonNode target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }

    private static String invoice(String orderId) {
        return "{\"amount\":\"7\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"" + orderId + "\"}";
    }

    private static String randomIdLike(String name) {
        String prefix = name.toLowerCase(Locale.ROOT).replace("id", "");
        prefix = prefix.isEmpty() ? "x" : prefix.substring(0, Math.min(3, prefix.length()));
        return prefix + "_" + HexFormat.of().formatHex(random(11));
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }
}
