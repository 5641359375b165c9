package dev.tally.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The flows of the walking skeleton over real HTTP against the all-in-one launcher, on a PostgreSQL database of its
 * own: merchants, invoices, idempotency, errors, read-your-writes, operability.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + ApiEndToEndTest.ADMIN_KEY,
                "tally.sandbox.block-interval=200ms"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@AutoConfigureObservability
class ApiEndToEndTest {
    static final String ADMIN_KEY = "tly_admin_e2e_0123456789abcdefghijklmnop";
    private static final String PROBLEM_JSON = "application/problem+json";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ChainObservationPort observations;

    HttpApi api;
    /** The merchant's test key: the flows here pay on the sandbox chain. */
    String merchantKey;
    String merchantId;

    @BeforeEach
    void registerMerchant() {
        api = new HttpApi(port);
        JsonNode merchant = register("{\"name\":\"Shop " + UUID.randomUUID() + "\"}");
        merchantKey = merchant.get("testApiKey").asText();
        merchantId = merchant.get("id").asText();
    }

    // ---------------------------------------------------------------- merchants

    @Test
    void anAdminRegistersAMerchantWhoseKeyIsShownOnceAndWorks() {
        Answer created = api.post("/api/v1/merchants", ADMIN_KEY,
                "{\"name\":\"  Acme  \",\"feeBasisPoints\":250,\"confirmationsOverride\":5}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("id").asText()).startsWith("mer_");
        assertThat(body.get("name").asText()).isEqualTo("Acme");
        assertThat(body.get("feeBasisPoints").asInt()).isEqualTo(250);
        assertThat(body.get("apiKey").asText()).matches("tly_live_[0-9A-Za-z]{43}");
        assertThat(body.get("testApiKey").asText()).matches("tly_test_[0-9A-Za-z]{43}");
        assertThat(created.header("Location")).isEqualTo("/api/v1/merchants/" + body.get("id").asText());

        Answer read = api.get("/api/v1/merchants/" + body.get("id").asText(), ADMIN_KEY);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("confirmationsOverride").asInt()).isEqualTo(5);
        assertThat(read.json().has("webhookUrl")).isFalse();
        assertThat(read.body()).doesNotContain(body.get("apiKey").asText()).doesNotContain("apiKey")
                               .doesNotContain(body.get("testApiKey").asText());

        List<String> secretHashes = jdbc.queryForList("SELECT secret_hash FROM command.api_keys WHERE merchant_id = ?",
                                                      String.class, body.get("id").asText());
        assertThat(secretHashes).hasSize(2).allSatisfy(hash -> assertThat(hash).hasSize(64))
                                .doesNotContain(body.get("apiKey").asText(), body.get("testApiKey").asText());
        assertThat(api.get("/api/v1/invoices", body.get("apiKey").asText()).status()).isEqualTo(200);
    }

    @Test
    void merchantDefaultsAreAOnePercentFeeAndNoOverride() {
        Answer read = api.get("/api/v1/merchants/" + merchantId, ADMIN_KEY);
        assertThat(read.json().get("feeBasisPoints").asInt()).isEqualTo(100);
        assertThat(read.json().get("confirmationsOverride").isNull()).isTrue();
    }

    @Test
    void onlyTheAdminManagesMerchants() {
        Answer anonymous = api.post("/api/v1/merchants", null, "{\"name\":\"x\"}");
        assertProblem(anonymous, 401, "unauthenticated");
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertProblem(api.post("/api/v1/merchants", "tly_admin_wrong_key_000000000000000", "{\"name\":\"x\"}"), 401,
                      "unauthenticated");
        assertProblem(api.post("/api/v1/merchants", merchantKey, "{\"name\":\"x\"}"), 403, "forbidden");
        assertProblem(api.get("/api/v1/merchants/" + merchantId, merchantKey), 403, "forbidden");
        assertProblem(api.get("/api/v1/merchants/mer_unknown0000000000000", ADMIN_KEY), 404, "not-found");
    }

    @ParameterizedTest
    @MethodSource("invalidMerchants")
    void invalidMerchantsAreRefusedAndNothingIsRegistered(String body, int status) {
        int before = count("SELECT count(*) FROM query.merchants");
        Answer answer = api.post("/api/v1/merchants", ADMIN_KEY, body);
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith(PROBLEM_JSON);
        assertThat(count("SELECT count(*) FROM query.merchants")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE type = 'Merchant'"))
                .isEqualTo(count("SELECT count(*) FROM query.merchants") * 3); // registered, a live and a test key
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> invalidMerchants() {
        return Stream.of(
                arguments("{}", 400),
                arguments("{\"name\":\"  \"}", 400),
                arguments("{\"name\":\"x\",\"feeBasisPoints\":10001}", 400),
                arguments("{\"name\":\"x\",\"feeBasisPoints\":-1}", 400),
                arguments("{\"name\":\"x\",\"confirmationsOverride\":0}", 400),
                arguments("{\"name\":\"x\",\"confirmationsOverride\":101}", 400),
                // Webhooks go to webhook endpoints (their secret is shown once): registration takes no URL.
                arguments("{\"name\":\"x\",\"webhookUrl\":\"https://example.com/hooks\"}", 400),
                arguments("{\"name\":\"x\",\"surprise\":1}", 400),
                arguments("{\"name\":", 400));
    }

    // ---------------------------------------------------------------- invoices

    @Test
    void aMerchantCreatesReadsListsAndCancelsAnInvoice() {
        Answer created = createInvoice(Map.of("amount", "12.50", "asset", "USDT", "chain", "tron", "orderId", "order-1",
                                              "description", "Two coffees", "metadata", Map.of("cart", "42")), null);
        assertThat(created.status()).isEqualTo(201);
        JsonNode invoice = created.json();
        String id = invoice.get("id").asText();
        assertThat(id).startsWith("inv_");
        assertThat(created.header("Location")).isEqualTo("/api/v1/invoices/" + id);
        assertThat(invoice.get("status").asText()).isEqualTo("PENDING");
        assertThat(invoice.get("amount").asText()).isEqualTo("12.50");
        assertThat(invoice.get("asset").asText()).isEqualTo("USDT");
        assertThat(invoice.get("chain").asText()).isEqualTo("tron");
        assertThat(invoice.get("depositAddress").asText()).matches("T[1-9A-HJ-NP-Za-km-z]{33}");
        assertThat(invoice.get("requiredConfirmations").asInt()).isEqualTo(1);
        assertThat(invoice.get("orderId").asText()).isEqualTo("order-1");
        assertThat(invoice.get("metadata").get("cart").asText()).isEqualTo("42");
        Instant createdAt = Instant.parse(invoice.get("createdAt").asText());
        assertThat(Instant.parse(invoice.get("expiresAt").asText())).isEqualTo(createdAt.plusSeconds(15 * 60));
        assertThat(invoice.has("feeBasisPoints")).isFalse();

        // Read-your-writes: the very next GET sees exactly what the POST answered.
        Answer read = api.get("/api/v1/invoices/" + id, merchantKey);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(invoice);

        // The list follows the events (it may lag the answer).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode listed = api.get("/api/v1/invoices?orderId=order-1", merchantKey).json();
            assertThat(listed.get("items")).hasSize(1);
            assertThat(listed.get("items").get(0)).isEqualTo(invoice);
        });

        Answer cancelled = api.post("/api/v1/invoices/" + id + "/cancel", merchantKey, null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(api.get("/api/v1/invoices/" + id, merchantKey).json().get("status").asText()).isEqualTo("CANCELLED");
        // Cancelling again is harmless and records nothing new.
        int events = count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = '" + id + "'");
        assertThat(api.post("/api/v1/invoices/" + id + "/cancel", merchantKey, null).json().get("status").asText())
                .isEqualTo("CANCELLED");
        assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = '" + id + "'"))
                .isEqualTo(events);
    }

    @ParameterizedTest(name = "{0} USDT needs {1} confirmations")
    @MethodSource("thresholds")
    void requiredConfirmationsAreFixedByAmount(String amount, int confirmations) {
        Answer created = createInvoice(Map.of("amount", amount, "asset", "USDT", "chain", "tron", "orderId", "t-" + amount), null);
        assertThat(created.json().get("requiredConfirmations").asInt()).isEqualTo(confirmations);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> thresholds() {
        return Stream.of(arguments("99.999999", 1), arguments("100", 12), arguments("9999.999999", 12),
                         arguments("10000", 19), arguments("1000000", 19));
    }

    @Test
    void theMerchantsConfirmationOverrideWins() {
        String key = register("{\"name\":\"Careful\",\"confirmationsOverride\":40}").get("testApiKey").asText();
        merchantKey = key;
        assertThat(createInvoice(Map.of("amount", "5", "asset", "USDT", "chain", "tron", "orderId", "o"), null)
                           .json().get("requiredConfirmations").asInt()).isEqualTo(40);
    }

    @Test
    void concurrentCreationNeverHandsOutAnAddressTwice() throws Exception {
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int n = i;
            calls.add(() -> createInvoice(Map.of("amount", "3", "asset", "USDT", "chain", "tron", "orderId", "c" + n), null)
                    .json().get("depositAddress").asText());
        }
        Set<String> addresses = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            for (Future<String> f : pool.invokeAll(calls)) {
                addresses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(addresses).hasSize(30);
        assertThat(count("SELECT count(*) - count(DISTINCT address) FROM command.deposit_addresses")).isZero();
    }

    // ---------------------------------------------------------------- idempotency

    @Test
    void theSameKeyAndBodyReturnTheFirstAnswerAndADifferentBodyIsRefused() {
        Map<String, Object> body = Map.of("amount", "7.00", "asset", "USDT", "chain", "tron", "orderId", "idem-1");
        Answer first = createInvoice(body, "key-1");
        Answer again = createInvoice(body, "key-1");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");

        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put("amount", "7.01");
        assertProblem(createInvoice(changed, "key-1"), 422, "idempotency-key-reused");
        // The list view follows the events (it may lag the answer): one invoice, the refused request wrote none.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/invoices?orderId=idem-1", merchantKey).json().get("items")).hasSize(1));

        // Keys are per merchant: another merchant's same key is a different request.
        String otherKey = register("{\"name\":\"Other\"}").get("testApiKey").asText();
        merchantKey = otherKey;
        Answer other = createInvoice(body, "key-1");
        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().get("id")).isNotEqualTo(first.json().get("id"));
    }

    @Test
    void anExpiredIdempotencyKeyIsForgotten() {
        Map<String, Object> body = Map.of("amount", "8", "asset", "USDT", "chain", "tron", "orderId", "idem-old");
        Answer first = createInvoice(body, "old-key");
        jdbc.update("UPDATE command.idempotency_keys SET expires_at = now() - interval '1 second' "
                    + "WHERE merchant_id = ? AND idempotency_key = 'old-key'", merchantId);
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put("amount", "9");
        Answer reused = createInvoice(changed, "old-key");
        assertThat(reused.status()).isEqualTo(201);
        assertThat(reused.json().get("id")).isNotEqualTo(first.json().get("id"));
        assertThat(reused.json().get("amount").asText()).isEqualTo("9.00");
    }

    /**
     * Prevents: a crash after the invoice's command committed but before its answer was stored letting the client's
     * retry create a second invoice (with a second address). The retry takes over the dead request's claim and finds
     * the invoice it created.
     */
    @Test
    void aRetryAfterACrashBetweenTheCommitAndTheStoredAnswerFindsTheFirstInvoice() {
        Map<String, Object> body = Map.of("amount", "11", "asset", "USDT", "chain", "tron", "orderId", "crash-1");
        Answer first = createInvoice(body, "crash-key");
        // As the crashed request left it: claimed a while ago, no answer stored.
        jdbc.update("UPDATE command.idempotency_keys SET response_status = NULL, response_body = NULL, "
                    + "claimed_at = now() - interval '2 minutes' WHERE merchant_id = ? AND idempotency_key = ?",
                    merchantId, "crash-key");

        Answer retried = createInvoice(body, "crash-key");
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(retried.json().get("depositAddress")).isEqualTo(first.json().get("depositAddress"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/invoices?orderId=crash-1", merchantKey).json().get("items")).hasSize(1));
        assertThat(createInvoice(body, "crash-key").header("Idempotent-Replayed")).isEqualTo("true");
        // A different body under the dead claim is still a different request.
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put("amount", "12");
        jdbc.update("UPDATE command.idempotency_keys SET response_status = NULL, response_body = NULL, "
                    + "claimed_at = now() - interval '2 minutes' WHERE merchant_id = ? AND idempotency_key = ?",
                    merchantId, "crash-key");
        assertProblem(createInvoice(changed, "crash-key"), 422, "idempotency-key-reused");
    }

    /** A request that died before its command committed: the retry creates the invoice with the claimed id. */
    @Test
    void aRetryAfterACrashBeforeTheCommitCreatesTheInvoiceOnce() {
        Map<String, Object> body = Map.of("amount", "13", "asset", "USDT", "chain", "tron", "orderId", "crash-2");
        Answer first = createInvoice(body, "crash-key-2");
        String id = first.json().get("id").asText();
        // Rewind as if the first request had claimed this id and died before its command committed.
        String claimedId = "inv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        jdbc.update("UPDATE command.idempotency_keys SET response_status = NULL, response_body = NULL, "
                    + "resource_id = ?, claimed_at = now() - interval '2 minutes' "
                    + "WHERE merchant_id = ? AND idempotency_key = ?", claimedId, merchantId, "crash-key-2");

        Answer retried = createInvoice(body, "crash-key-2");
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.json().get("id").asText()).isEqualTo(claimedId).isNotEqualTo(id);
    }

    @Test
    void twentyConcurrentIdenticalRequestsCreateExactlyOneInvoice() throws Exception {
        Map<String, Object> body = Map.of("amount", "20", "asset", "USDT", "chain", "tron", "orderId", "race-1");
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> createInvoice(body, "race-key"));
        }
        List<Answer> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (Future<Answer> f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(201, 409));
        List<String> bodies = answers.stream().filter(a -> a.status() == 201).map(Answer::body).distinct().toList();
        assertThat(bodies).hasSize(1);
        answers.stream().filter(a -> a.status() == 409)
               .forEach(a -> assertThat(a.json().get("type").asText()).isEqualTo("urn:tally:problem:idempotency-key-in-progress"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/invoices?orderId=race-1", merchantKey).json().get("items")).hasSize(1));
        // Once the winner is done, a retry gets its answer.
        assertThat(createInvoice(body, "race-key").body()).isEqualTo(bodies.get(0));
    }

    // ---------------------------------------------------------------- errors

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInvoices")
    void invalidInvoicesAre400WithProblemDetailsAndWriteNothing(String why, String body, String field) {
        int events = count("SELECT count(*) FROM eventstore.domain_event_entry");
        Answer answer = api.post("/api/v1/invoices", merchantKey, body, "bad-" + UUID.randomUUID());
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith(PROBLEM_JSON);
        JsonNode problem = answer.json();
        assertThat(problem.get("type").asText()).startsWith("urn:tally:problem:");
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        if (field != null) {
            assertThat(problem.get("errors").findValuesAsText("field")).contains(field);
        }
        assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry")).isEqualTo(events);
        assertThat(count("SELECT count(*) FROM command.idempotency_keys WHERE idempotency_key LIKE 'bad-%'")).isZero();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> invalidInvoices() {
        String ok = "\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"o\"";
        return Stream.of(
                arguments("malformed JSON", "{\"amount\":", null),
                arguments("not an object", "[1,2]", null),
                arguments("empty body", "", null),
                arguments("missing amount", "{" + ok + "}", "amount"),
                arguments("missing orderId", "{\"amount\":\"1\",\"asset\":\"USDT\",\"chain\":\"tron\"}", "orderId"),
                arguments("missing chain", "{\"amount\":\"1\",\"asset\":\"USDT\",\"orderId\":\"o\"}", "chain"),
                arguments("amount abc", "{\"amount\":\"abc\"," + ok + "}", "amount"),
                arguments("amount -1", "{\"amount\":\"-1\"," + ok + "}", "amount"),
                arguments("amount 0", "{\"amount\":\"0\"," + ok + "}", "amount"),
                arguments("amount 7 decimals", "{\"amount\":\"1.1234567\"," + ok + "}", "amount"),
                arguments("amount 1e400 string", "{\"amount\":\"1e400\"," + ok + "}", "amount"),
                arguments("amount 1e400 number", "{\"amount\":1e400," + ok + "}", "amount"),
                arguments("amount above max", "{\"amount\":\"1000000.000001\"," + ok + "}", "amount"),
                arguments("unknown chain", "{\"amount\":\"1\",\"asset\":\"USDT\",\"chain\":\"bitcoin\",\"orderId\":\"o\"}", "chain"),
                arguments("unknown asset", "{\"amount\":\"1\",\"asset\":\"DOGE\",\"chain\":\"tron\",\"orderId\":\"o\"}", "asset"),
                arguments("expiry 0", "{\"amount\":\"1\"," + ok + ",\"expiryMinutes\":0}", "expiryMinutes"),
                arguments("expiry 1441", "{\"amount\":\"1\"," + ok + ",\"expiryMinutes\":1441}", "expiryMinutes"),
                arguments("metadata nested", "{\"amount\":\"1\"," + ok + ",\"metadata\":{\"a\":{\"b\":1}}}", null),
                arguments("metadata oversized", "{\"amount\":\"1\"," + ok + ",\"metadata\":{\"big\":\"" + "x".repeat(5000) + "\"}}", "metadata"),
                arguments("unknown field", "{\"amount\":\"1\"," + ok + ",\"amont\":\"2\"}", null),
                arguments("orderId too long", "{\"amount\":\"1\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"" + "o".repeat(129) + "\"}", "orderId"),
                // Text Tally cannot store: one merchant's NUL byte must never reach (and stop) the read models.
                arguments("NUL in orderId", "{\"amount\":\"1\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"a\\u0000b\"}", "orderId"),
                arguments("NUL in description", "{\"amount\":\"1\"," + ok + ",\"description\":\"tea\\u0000\"}", "description"),
                arguments("bell in a metadata value", "{\"amount\":\"1\"," + ok + ",\"metadata\":{\"k\":\"v\\u0007\"}}", "metadata.k"),
                arguments("NUL in a metadata key", "{\"amount\":\"1\"," + ok + ",\"metadata\":{\"k\\u0000\":\"v\"}}", "metadata"),
                arguments("line break in orderId", "{\"amount\":\"1\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"a\\nb\"}", "orderId"),
                arguments("unpaired surrogate", "{\"amount\":\"1\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"a\\ud800b\"}", "orderId"),
                arguments("DEL in orderId", "{\"amount\":\"1\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"a\\u007fb\"}", "orderId"));
    }

    @Test
    void aDescriptionMayHoldTabsAndLineBreaks() {
        Answer created = createInvoice(Map.of("amount", "1", "asset", "USDT", "chain", "tron", "orderId", "ft-1",
                                              "description", "Two teas\n\twith milk"), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("description").asText()).isEqualTo("Two teas\n\twith milk");
    }

    @Test
    void bodiesOver64KiBAre413() {
        String huge = "{\"amount\":\"1\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"o\",\"description\":\""
                      + "x".repeat(70 * 1024) + "\"}";
        assertProblem(api.post("/api/v1/invoices", merchantKey, huge), 413, "payload-too-large");
    }

    @Test
    void wrongOrMissingKeysAre401() {
        assertProblem(api.get("/api/v1/invoices", null), 401, "unauthenticated");
        assertProblem(api.get("/api/v1/invoices", "tly_live_thisKeyDoesNotExist000000000000000000000"), 401,
                      "unauthenticated");
        assertProblem(api.send(api.request("/api/v1/invoices", null).header("Authorization", "Basic Zm9vOmJhcg==").GET()),
                      401, "unauthenticated");
        assertProblem(api.get("/api/v1/invoices", ADMIN_KEY), 403, "forbidden");
    }

    @Test
    void anotherMerchantsInvoiceIsIndistinguishableFromAnUnknownOne() {
        String id = createInvoice(Map.of("amount", "9.99", "asset", "USDT", "chain", "tron", "orderId", "mine"), null)
                .json().get("id").asText();
        String intruder = register("{\"name\":\"Intruder\"}").get("testApiKey").asText();

        Answer foreign = api.get("/api/v1/invoices/" + id, intruder);
        Answer unknown = api.get("/api/v1/invoices/inv_0000000000000000000000", intruder);
        assertProblem(foreign, 404, "not-found");
        assertProblem(unknown, 404, "not-found");
        assertThat(foreign.json().get("title")).isEqualTo(unknown.json().get("title"));
        assertProblem(api.post("/api/v1/invoices/" + id + "/cancel", intruder, null), 404, "not-found");
        assertProblem(api.post("/api/v1/invoices/inv_0000000000000000000000/cancel", intruder, null), 404, "not-found");
        assertProblem(api.get("/api/v1/invoices/not-an-id", intruder), 404, "not-found");
        assertThat(api.get("/api/v1/invoices?orderId=mine", intruder).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/invoices/" + id, merchantKey).json().get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void otherClientMistakesAreProblemsToo() {
        assertProblem(api.send(api.request("/api/v1/invoices", merchantKey).header("Content-Type", "text/plain")
                                  .POST(HttpRequest.BodyPublishers.ofString("hello"))), 415, "unsupported-media-type");
        assertProblem(api.send(api.request("/api/v1/invoices", merchantKey).DELETE()), 405, "method-not-allowed");
        assertProblem(api.get("/api/v1/invoices?limit=0", merchantKey), 400, "invalid-request");
        assertProblem(api.get("/api/v1/invoices?limit=101", merchantKey), 400, "invalid-request");
        assertProblem(api.get("/api/v1/invoices?limit=ten", merchantKey), 400, "invalid-request");
        assertProblem(api.get("/api/v1/invoices?status=SHIPPED", merchantKey), 400, "invalid-request");
        assertProblem(api.get("/api/v1/invoices?createdFrom=yesterday", merchantKey), 400, "invalid-request");
        assertProblem(api.get("/api/v1/invoices?cursor=bm9jb2xvbg", merchantKey), 400, "invalid-request");
        assertProblem(api.post("/api/v1/invoices", merchantKey, "{\"amount\":\"1\",\"asset\":\"USDT\",\"chain\":\"tron\","
                + "\"orderId\":\"o\"}", "bad key with spaces"), 400, "invalid-request");
        assertProblem(api.get("/api/v1/nothing-here", merchantKey), 404, "not-found");
    }

    // ---------------------------------------------------------------- listing

    @Test
    void listingPagesThroughEveryInvoiceOnceNewestFirstWithFilters() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createInvoice(Map.of("amount", "1", "asset", "USDT", "chain", "tron", "orderId", "page-" + i), null)
                            .json().get("id").asText());
        }
        api.post("/api/v1/invoices/" + ids.get(1) + "/cancel", merchantKey, null);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/invoices?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), merchantKey).json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            page.get("items").forEach(item -> seen.add(item.get("id").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);

        JsonNode cancelled = api.get("/api/v1/invoices?status=cancelled", merchantKey).json();
        assertThat(cancelled.get("items").findValuesAsText("id")).containsExactly(ids.get(1));
        JsonNode pending = api.get("/api/v1/invoices?status=PENDING&limit=100", merchantKey).json();
        assertThat(pending.get("items").findValuesAsText("id")).hasSize(4).doesNotContain(ids.get(1));

        String createdAt = api.get("/api/v1/invoices/" + ids.get(2), merchantKey).json().get("createdAt").asText();
        JsonNode from = api.get("/api/v1/invoices?createdFrom=" + createdAt, merchantKey).json();
        assertThat(from.get("items").findValuesAsText("id")).containsExactly(ids.get(4), ids.get(3), ids.get(2));
        JsonNode to = api.get("/api/v1/invoices?createdTo=" + createdAt, merchantKey).json();
        assertThat(to.get("items").findValuesAsText("id")).containsExactly(ids.get(1), ids.get(0));
    }

    // ---------------------------------------------------------------- payments, settlements, balances

    @Test
    void aPaidInvoiceShowsItsPaymentItsSettlementsFeeSplitAndTheMerchantsBalance() {
        JsonNode invoice = createInvoice(Map.of("amount", "9.99", "asset", "USDT", "chain", "tron", "orderId", "paid-1"),
                                         null).json();
        String id = invoice.get("id").asText();
        TransferObserved transfer = pay(invoice.get("depositAddress").asText(), "9.99");

        await().atMost(Duration.ofSeconds(30)).until(
                () -> "SETTLED".equals(api.get("/api/v1/invoices/" + id, merchantKey).json().get("status").asText()));
        JsonNode read = api.get("/api/v1/invoices/" + id, merchantKey).json();
        JsonNode payment = read.get("payments").get(0);
        assertThat(payment.get("id").asText()).isEqualTo(transfer.paymentId().value());
        assertThat(payment.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(payment.get("amount").asText()).isEqualTo("9.99");
        assertThat(payment.get("txHash").asText()).isEqualTo(transfer.txHash());
        assertThat(payment.get("confirmations").asInt()).isEqualTo(1);

        JsonNode settlements = awaitJson("/api/v1/settlements?invoiceId=" + id, merchantKey,
                                         page -> page.get("items").size() == 1
                                                 && "COMPLETED".equals(page.get("items").get(0).get("status").asText()));
        JsonNode settlement = settlements.get("items").get(0);
        assertThat(settlement.get("grossAmount").asText()).isEqualTo("9.99");
        assertThat(settlement.get("platformFeeAmount").asText()).isEqualTo("0.10");
        assertThat(settlement.get("netAmount").asText()).isEqualTo("9.89");
        assertThat(settlement.get("platformFeePercentage").asText()).isEqualTo("1.00");
        assertThat(api.get("/api/v1/settlements/" + settlement.get("id").asText(), merchantKey).json())
                .isEqualTo(settlement);

        JsonNode balances = awaitJson("/api/v1/balances", merchantKey,
                                      b -> b.toString().contains("\"available\":\"9.89\""));
        assertThat(balances.toString()).doesNotContain(merchantId.replace("mer_", "mer_x"));
        assertThat(api.get("/api/v1/balances", ADMIN_KEY).status()).isEqualTo(200);

        // Another merchant sees none of it.
        String intruder = register("{\"name\":\"Nosy\"}").get("testApiKey").asText();
        assertProblem(api.get("/api/v1/settlements/" + settlement.get("id").asText(), intruder), 404, "not-found");
        assertThat(api.get("/api/v1/settlements?invoiceId=" + id, intruder).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/balances", intruder).body()).doesNotContain("9.89");
    }

    @Test
    void aLatePaymentWaitsForTheMerchantToAcceptIt() {
        JsonNode invoice = createInvoice(Map.of("amount", "25", "asset", "USDT", "chain", "tron", "orderId", "late-1"),
                                         null).json();
        String id = invoice.get("id").asText();
        assertProblem(api.post("/api/v1/invoices/" + id + "/accept", merchantKey, null), 409, "invalid-state");
        // Expire it now rather than in 15 minutes: bring its persistent expiry deadline forward (the task's data holds
        // the invoice's scope) and its address's expiry with it; the deadline then fires on its usual path.
        assertThat(jdbc.update("UPDATE eventstore.scheduled_tasks SET execution_time = now() "
                               + "WHERE position(convert_to(?, 'UTF8') in task_data) > 0", id)).isEqualTo(1);
        jdbc.update("UPDATE command.deposit_addresses SET expires_at = now() - interval '1 second' WHERE invoice_id = ?", id);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> "EXPIRED".equals(api.get("/api/v1/invoices/" + id, merchantKey).json().get("status").asText()));
        // Late by the chain's clock: its block comes after the invoice's expiry (a block before it would be in time,
        // however late it was seen).
        pay(invoice.get("depositAddress").asText(), "25", Instant.parse(invoice.get("expiresAt").asText()).plusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(
                () -> "PAID_LATE".equals(api.get("/api/v1/invoices/" + id, merchantKey).json().get("status").asText()));
        assertThat(api.get("/api/v1/settlements?invoiceId=" + id, merchantKey).json().get("items")).isEmpty();

        assertThat(api.post("/api/v1/invoices/" + id + "/accept", merchantKey, null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> "SETTLED".equals(api.get("/api/v1/invoices/" + id, merchantKey).json().get("status").asText()));
    }

    @Test
    void anInvoicePaidOnTheSandboxChainIsConfirmedAndSettled() {
        JsonNode invoice = createInvoice(Map.of("amount", "150", "asset", "USDT", "chain", "tron", "orderId", "sbx-1"),
                                         null).json();
        String id = invoice.get("id").asText();
        assertThat(invoice.get("requiredConfirmations").asInt()).isEqualTo(12);

        Answer paid = api.post("/api/v1/sandbox/invoices/" + id + "/pay", merchantKey, "{}");
        assertThat(paid.status()).as(paid.body()).isEqualTo(202);
        assertThat(paid.json().get("to").asText()).isEqualTo(invoice.get("depositAddress").asText());
        assertThat(paid.json().get("amount").asText()).isEqualTo("150.00");

        await().atMost(Duration.ofSeconds(60)).until(
                () -> "SETTLED".equals(api.get("/api/v1/invoices/" + id, merchantKey).json().get("status").asText()));
        JsonNode payment = api.get("/api/v1/invoices/" + id, merchantKey).json().get("payments").get(0);
        assertThat(payment.get("id").asText()).isEqualTo(paid.json().get("paymentId").asText());
        assertThat(payment.get("confirmations").asInt()).isEqualTo(12);
        // Available at once; final (payable) once the chain made the payment final (6 sandbox blocks deep).
        await().atMost(Duration.ofSeconds(60)).until(() -> "148.50".equals(
                api.get("/api/v1/balances", merchantKey).json().get("balances").get(0).get("final").asText()));
        assertThat(api.get("/api/v1/balances", merchantKey).json().get("balances").get(0).get("available").asText())
                .isEqualTo("148.50");
        // Final is final: the sandbox refuses to reorganise the payment's block away now.
        Answer reorg = api.post("/api/v1/sandbox/payments/" + paid.json().get("paymentId").asText() + "/reorg",
                                merchantKey, null);
        assertProblem(reorg, 409, "invalid-state");
        assertThat(reorg.json().get("detail").asText()).contains("final");

        String intruder = register("{\"name\":\"Sandbox intruder\"}").get("testApiKey").asText();
        assertProblem(api.post("/api/v1/sandbox/invoices/" + id + "/pay", intruder, "{}"), 404, "not-found");
        assertProblem(api.post("/api/v1/sandbox/invoices/" + id + "/pay", merchantKey, "{\"amount\":\"-3\"}"), 400,
                      "invalid-request");
    }

    private TransferObserved pay(String depositAddress, String amount) {
        return pay(depositAddress, amount, null);
    }

    private TransferObserved pay(String depositAddress, String amount, Instant blockTime) {
        byte[] tx = new byte[32];
        new java.security.SecureRandom().nextBytes(tx);
        TransferObserved transfer = new TransferObserved(Chain.TRON, HexFormat.of().formatHex(tx), 0,
                "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TCustomer", depositAddress, TokenAmount.parse(amount, Asset.USDT),
                700L, "block-" + HexFormat.of().formatHex(tx).substring(0, 8), blockTime, Instant.now());
        observations.accept(transfer);
        return transfer;
    }

    private JsonNode awaitJson(String path, String key, java.util.function.Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Answer answer = api.get(path, key);
            last[0] = answer.status() == 200 ? answer.json() : null;
            return last[0] != null && until.test(last[0]);
        });
        return last[0];
    }

    // ---------------------------------------------------------------- operability and storage

    @Test
    void openApiSwaggerHealthAndMetricsAreServed() {
        Answer docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/invoices")).isTrue();
        assertThat(docs.json().get("paths").has("/api/v1/merchants")).isTrue();
        assertThat(docs.json().at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
        Answer health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("components").get("db").get("status").asText()).isEqualTo("UP");
        Answer metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void theEventStoreKeepsBytesAsByteaAndAllocatesGlobalIndexesOneByOne() {
        assertThat(count("SELECT count(*) FROM information_schema.columns WHERE udt_name = 'oid' "
                         + "AND table_schema IN ('eventstore', 'command', 'query', 'watcher')")).isZero();
        assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE table_schema = 'eventstore' "
                                     + "AND data_type = 'bytea'", String.class))
                .contains("payload", "meta_data", "token", "serialized_saga", "task_data");
        Map<String, Object> sequence = jdbc.queryForMap("SELECT increment_by, cache_size FROM pg_sequences "
                                                        + "WHERE schemaname = 'eventstore' AND sequencename = 'domain_event_entry_global_index_seq'");
        assertThat(sequence).containsEntry("increment_by", 1L).containsEntry("cache_size", 1L);
        assertThat(jdbc.queryForList("SELECT nspname FROM pg_namespace", String.class))
                .contains("eventstore", "command", "query", "watcher");
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM eventstore.domain_event_entry "
                                             + "WHERE payload_type = 'dev.tally.kernel.merchant.MerchantRegistered' LIMIT 1", String.class);
        assertThat(payload).startsWith("{").contains("\"merchantId\"");
        // Every event is versioned (ApiKeyIssued is at revision 2, with an upcaster from 1).
        assertThat(jdbc.queryForList("SELECT DISTINCT payload_revision FROM eventstore.domain_event_entry", String.class))
                .isNotEmpty().allSatisfy(revision -> assertThat(revision).matches("[1-9][0-9]*"));
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode register(String body) {
        Answer answer = api.post("/api/v1/merchants", ADMIN_KEY, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private Answer createInvoice(Map<String, ?> body, String idempotencyKey) {
        return api.post("/api/v1/invoices", merchantKey, HttpApi.json(body), idempotencyKey);
    }

    private int count(String sql) {
        Integer n = jdbc.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }

    private static void assertProblem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith(PROBLEM_JSON);
        JsonNode problem = answer.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:tally:problem:" + code);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
    }
}
