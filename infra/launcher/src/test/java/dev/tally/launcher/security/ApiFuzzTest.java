package dev.tally.launcher.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fuzzer over the whole API, driven by the served OpenAPI document: for every operation, generated bad input —
 * wrong types, boundaries, huge and empty strings, control characters and lone surrogates, malformed JSON, random
 * cursors and dates, every kind of credential — and for each answer: never a 5xx; every 4xx a problem+json; a
 * refused request writes no event. Inputs come from jqwik's generators on a fixed seed, so a failure reproduces.
 * Live streams (server-sent events) are left out: they answer 200 and stay open.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {SecurityTests.ADMIN_KEY_PROPERTY, SecurityTests.SMALL_POOL,
                      "tally.rate-limits.enabled=false"})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext
class ApiFuzzTest {
    private static final long SEED = 20_261_206L;
    private static final int CASES_PER_OPERATION = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int GEN_SIZE = 1000;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    HttpApi api;
    final Random random = new Random(SEED);
    /** Credentials a client might send: none, real ones of every role, and malformed ones (raw header values). */
    final List<String> authorizations = new ArrayList<>();
    /** Real ids, so some requests reach the code past "not found". */
    final List<String> realIds = new ArrayList<>();

    @Test
    void noClientInputIsA5xxEveryRefusalIsAProblemAndWritesNothing() throws Exception {
        api = new HttpApi(port);
        JsonNode merchant = api.post("/api/v1/merchants", SecurityTests.ADMIN_KEY, "{\"name\":\"Fuzzed shop\"}")
                               .json();
        String merchantKey = merchant.get("apiKey").asText();
        JsonNode invoice = api.post("/api/v1/invoices", merchantKey, "{\"amount\":\"5\",\"asset\":\"USDT\","
                                    + "\"chain\":\"tron\",\"orderId\":\"fuzz\"}").json();
        realIds.addAll(List.of(merchant.get("id").asText(), invoice.get("id").asText(),
                               merchant.get("apiKeyId").asText(), "stl_" + invoice.get("id").asText().substring(4)));
        authorizations.addAll(List.of("", "Bearer " + SecurityTests.ADMIN_KEY, "Bearer " + merchantKey,
                                      "Bearer " + merchantKey, "Bearer tly_live_notAKey", "Basic Zm9vOmJhcg==",
                                      "Bearer " + "A".repeat(300), "Bearer tly_live_\u00e9\u00e9", "Bearer"));

        JsonNode document = api.get("/v3/api-docs", null).json();
        Map<String, JsonNode> operations = new TreeMap<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String method = op.getKey().toUpperCase(Locale.ROOT);
            if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method) && !streams(op.getValue())) {
                operations.put(method + " " + path.getKey(), op.getValue());
            }
        }));
        assertThat(operations).as("operations in the API document").hasSizeGreaterThan(40);

        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (Map.Entry<String, JsonNode> operation : operations.entrySet()) {
            String method = operation.getKey().substring(0, operation.getKey().indexOf(' '));
            String template = operation.getKey().substring(method.length() + 1);
            for (int i = 0; i < CASES_PER_OPERATION; i++) {
                Request request = request(method, template, operation.getValue(), document);
                long eventsBefore = events();
                Answer answer = api.send(request.build(api));
                cases++;
                String problem = check(answer, eventsBefore);
                if (problem != null && failures.size() < 50) {
                    failures.add(problem + " <- " + request + " => " + answer.status() + " "
                                 + abbreviate(answer.body()));
                }
            }
        }
        assertThat(failures).as("answers that broke the rules (seed " + SEED + ")").isEmpty();
        assertThat(cases).isGreaterThanOrEqualTo(2000);
    }

    private String check(Answer answer, long eventsBefore) {
        if (answer.status() >= 500) {
            return "a 5xx";
        }
        if (answer.status() >= 400) {
            if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")) {
                return "a 4xx that is not problem+json (" + answer.contentType() + ")";
            }
            if (events() != eventsBefore) {
                return "a refused request wrote events";
            }
        }
        return null;
    }

    /** Events written by requests (an invoice's expiry is written by its deadline, at any time). */
    private long events() {
        return jdbc.queryForObject("SELECT count(*) FROM eventstore.domain_event_entry "
                                   + "WHERE payload_type <> 'dev.tally.kernel.invoice.InvoiceExpired'", Long.class);
    }

    // ------------------------------------------------------------------------------------------ generation

    private record Request(String method, String path, String authorization, String contentType, String body) {
        HttpRequest.Builder build(HttpApi api) {
            HttpRequest.Builder builder = api.request(path, null);
            if (!authorization.isEmpty()) {
                builder.header("Authorization", authorization);
            }
            if (body != null) {
                builder.header("Content-Type", contentType);
            }
            return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                                       : HttpRequest.BodyPublishers.ofString(body));
        }

        @Override
        public String toString() {
            return method + " " + abbreviate(path) + " auth=" + abbreviate(authorization) + " body="
                   + abbreviate(body);
        }
    }

    private Request request(String method, String template, JsonNode operation, JsonNode document) {
        StringBuilder path = new StringBuilder();
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.path("parameters")) {
            String name = parameter.get("name").asText();
            String in = parameter.get("in").asText();
            if (in.equals("path")) {
                continue;
            }
            if (in.equals("query") && random.nextInt(3) > 0) {
                query.append(query.isEmpty() ? '?' : '&').append(encode(name)).append('=').append(encode(text()));
            }
        }
        String expanded = template;
        while (expanded.contains("{")) {
            int open = expanded.indexOf('{');
            int close = expanded.indexOf('}', open);
            String value = random.nextInt(4) == 0 ? pick(realIds) : text();
            expanded = expanded.substring(0, open) + encode(value.isEmpty() ? "x" : value)
                       + expanded.substring(close + 1);
        }
        path.append(expanded).append(query);
        String body = null;
        String contentType = "application/json";
        if (!operation.path("requestBody").isMissingNode() || (method.equals("POST") && random.nextInt(4) == 0)) {
            body = body(operation, document);
            if (random.nextInt(10) == 0) {
                contentType = pick(List.of("text/plain", "application/xml", "application/json; charset=latin1",
                                           "multipart/form-data"));
            }
        }
        return new Request(method, path.toString(), pick(authorizations), contentType, body);
    }

    private String body(JsonNode operation, JsonNode document) {
        return sample(Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "{", "[1,", "null", "[]", "\"x\"", "{\"a\":}", "\u0000",
                                                         "{\"amount\":1e99999}", "{" + "\"a\":{".repeat(300))),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(0).map(ignored -> objectFor(operation, document)
                                                                  .toString()))));
    }

    /** An object with the schema's properties, each a plausible or a hostile value, sometimes one more. */
    private ObjectNode objectFor(JsonNode operation, JsonNode document) {
        JsonNode schema = resolve(operation.at("/requestBody/content/application~1json/schema"), document);
        ObjectNode object = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
             properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            if (random.nextInt(5) == 0) {
                continue; // left out
            }
            object.set(property.getKey(), random.nextInt(3) == 0 ? plausible(property.getKey()) : value(2));
        }
        if (random.nextInt(5) == 0) {
            object.set(text(), value(1));
        }
        return object;
    }

    private JsonNode plausible(String name) {
        return switch (name) {
            case "amount" -> NODES.textNode(pick(List.of("5", "0.000001", "0.0000001", "1000001", "-1", "1e3")));
            case "asset" -> NODES.textNode(pick(List.of("USDT", "usdt", "BTC")));
            case "chain" -> NODES.textNode(pick(List.of("tron", "ethereum", "TRON", "bitcoin")));
            case "expiryMinutes" -> NODES.numberNode(pick(List.of(0, 1, 1440, 1441, -5, Integer.MAX_VALUE)));
            case "url" -> NODES.textNode(pick(List.of("https://127.0.0.1/x", "http://example.com", "ftp://x",
                                                      "https://10.0.0.1/", "https://[::1]/")));
            case "scopes", "eventTypes" -> NODES.arrayNode().add(pick(List.of("invoices:read", "nope", "")));
            case "metadata" -> NODES.objectNode().put(text(), text());
            default -> NODES.textNode(text());
        };
    }

    /** A JSON value of any kind, nested up to {@code depth}. */
    private JsonNode value(int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 6);
        return switch (kind) {
            case 0 -> NODES.textNode(text());
            case 1 -> NODES.numberNode(sample(Arbitraries.oneOf(Arbitraries.longs(),
                                                                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L))));
            case 2 -> NODES.numberNode(sample(Arbitraries.doubles()));
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.numberNode(new java.math.BigDecimal("1e" + random.nextInt(400)));
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.add(value(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                object.set(text(), value(depth - 1));
                yield object;
            }
        };
    }

    /** Hostile text: control characters, lone surrogates, huge and empty strings, odd cursors and dates. */
    private String text() {
        return sample(Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().ofMaxLength(12)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f')
                                                                .ofMinLength(1).ofMaxLength(4)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1000).ofMaxLength(3000)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("", " ", "\ud800", "a\ud800b", "\u007f", "\u2028",
                        "9223372036854775807.9223372036854775807.x", "-1", "0", "99999999999999999999",
                        "99999-12-31", "0000-00-00", "2026-13-45", "1970-01-01T00:00:00Z",
                        "+1000000000-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "null", "NaN", "1e309",
                        "../../etc/passwd", "%00", "<script>", "' OR 1=1 --", "inv_", "inv_\u0000abc",
                        "tly_live_", "eyJhIjoxfQ", "!!!cursor!!!", "==="))));
    }

    private <T> T sample(Arbitrary<T> arbitrary) {
        RandomGenerator<T> generator = arbitrary.generator(GEN_SIZE);
        return generator.next(random).value();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static JsonNode resolve(JsonNode schema, JsonNode document) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return document.at(ref.substring(1));
        }
        return schema;
    }

    private static boolean streams(JsonNode operation) {
        List<String> types = new ArrayList<>();
        operation.path("responses").forEach(r -> r.path("content").fieldNames().forEachRemaining(types::add));
        return types.contains("text/event-stream");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        String printable = text.chars().mapToObj(c -> c < 0x20 || c == 0x7f ? String.format("\\u%04x", c)
                                                                             : String.valueOf((char) c))
                               .reduce("", String::concat);
        return printable.length() <= 160 ? printable : printable.substring(0, 160) + "…";
    }
}
