package dev.tally.launcher.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.TallyApplication;
import dev.tally.launcher.security.SecurityHttp.Answer;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tally.launcher.security.SecurityHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys over real HTTP: creation with scopes (secret shown once, only its hash stored), listing, rotation,
 * immediate revocation, the scope checks of every endpoint, auditor keys, and refusals of bad input.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {SecurityTests.ADMIN_KEY_PROPERTY, SecurityTests.SMALL_POOL})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
class ApiKeysApiTest {
    static final String ADMIN_KEY = SecurityTests.ADMIN_KEY;
    private static final String INVOICE = "{\"amount\":\"5\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"o-1\"}";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    SecurityHttp api;
    String merchantId;
    String merchantKey;
    String merchantKeyId;
    String merchantTestKeyId;

    @BeforeEach
    void registerMerchant() {
        api = new SecurityHttp(port);
        JsonNode merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Shop " + UUID.randomUUID() + "\"}")
                               .json();
        merchantId = merchant.get("id").asText();
        merchantKey = merchant.get("apiKey").asText();
        merchantKeyId = merchant.get("apiKeyId").asText();
        merchantTestKeyId = merchant.get("testApiKeyId").asText();
    }

    @Test
    void aMerchantCreatesAScopedKeyWhoseSecretIsShownOnceAndOnlyHashed() {
        Answer created = api.post("/api/v1/api-keys", merchantKey,
                "{\"name\":\"  Shop reader  \",\"scopes\":[\"invoices:read\",\"settlements:read\"]}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode key = created.json();
        String secret = key.get("apiKey").asText();
        assertThat(secret).matches("tly_live_[0-9A-Za-z]{43}");
        assertThat(key.get("id").asText()).startsWith("key_");
        assertThat(created.header("Location")).isEqualTo("/api/v1/api-keys/" + key.get("id").asText());
        assertThat(key.get("name").asText()).isEqualTo("Shop reader");
        assertThat(secret).startsWith(key.get("prefix").asText());
        assertThat(key.get("prefix").asText().length()).isLessThan(20);
        assertThat(key.get("role").asText()).isEqualTo("merchant");
        assertThat(key.get("mode").asText()).isEqualTo("live");
        assertThat(key.get("merchantId").asText()).isEqualTo(merchantId);
        assertThat(key.get("scopes")).extracting(JsonNode::asText).containsExactly("invoices:read", "settlements:read");
        assertThat(key.get("revokedAt").isNull()).isTrue();

        String stored = jdbc.queryForObject("SELECT secret_hash FROM command.api_keys WHERE api_key_id = ?",
                                            String.class, key.get("id").asText());
        assertThat(stored).hasSize(64).doesNotContain(secret);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM eventstore.domain_event_entry WHERE "
                                       + "convert_from(payload, 'UTF8') LIKE ?", Integer.class, "%" + secret + "%"))
                .isZero();

        Answer listed = api.get("/api/v1/api-keys", merchantKey);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(secret).doesNotContain(stored);
        assertThat(listed.json().get("items")).extracting(k -> k.get("id").asText())
                .containsExactly(key.get("id").asText(), merchantKeyId); // a live key lists live keys only
        assertThat(listed.json().get("items").get(0).get("apiKey").isNull()).isTrue();

        // The new key reads but does not write, and says which scope is missing.
        assertThat(api.get("/api/v1/invoices", secret).status()).isEqualTo(200);
        Answer refused = api.post("/api/v1/invoices", secret, INVOICE);
        assertProblem(refused, 403, "insufficient-scope");
        assertThat(refused.json().get("requiredScope").asText()).isEqualTo("invoices:write");
        assertThat(refused.json().get("detail").asText()).contains("invoices:write");
    }

    @Test
    void everyEndpointChecksItsScope() {
        String onlyWebhooks = createKey(merchantKey, "{\"name\":\"hooks\",\"scopes\":[\"webhooks:write\"]}");
        Map<String, String> needed = Map.of(
                "GET /api/v1/invoices", "invoices:read",
                "GET /api/v1/invoices/inv_00000000000000000000", "invoices:read",
                "POST /api/v1/invoices", "invoices:write",
                "POST /api/v1/invoices/inv_00000000000000000000/cancel", "invoices:write",
                "GET /api/v1/settlements", "settlements:read",
                "GET /api/v1/settlements/stl_00000000000000000000", "settlements:read",
                "GET /api/v1/balances", "settlements:read",
                "POST /api/v1/invoices/inv_00000000000000000000/refunds", "refunds:write",
                "GET /api/v1/refunds", "refunds:read",
                "POST /api/v1/refunds/rf_00000000000000000000/approve", "refunds:write");
        needed.forEach((operation, scope) -> {
            String[] parts = operation.split(" ");
            Answer answer = api.send(parts[0], parts[1], onlyWebhooks, parts[0].equals("POST") ? INVOICE : null);
            assertProblem(answer, 403, "insufficient-scope");
            assertThat(answer.json().get("requiredScope").asText()).as(operation).isEqualTo(scope);
        });
    }

    @Test
    void rotationKeepsTheOldKeyWorkingUntilItIsRevokedAndRevocationIsImmediate() {
        // The old key is in use (and so cached) when the new one is created.
        assertThat(api.get("/api/v1/invoices", merchantKey).status()).isEqualTo(200);
        JsonNode fresh = api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"rotated\"}").json();
        String newKey = fresh.get("apiKey").asText();
        assertThat(fresh.get("scopes")).hasSize(10);
        assertThat(api.get("/api/v1/invoices", merchantKey).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/invoices", newKey).status()).isEqualTo(200);

        Answer revoked = api.delete("/api/v1/api-keys/" + merchantKeyId, newKey);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
        Answer old = api.get("/api/v1/invoices", merchantKey);
        assertProblem(old, 401, "unauthenticated");
        assertThat(api.get("/api/v1/invoices", newKey).status()).isEqualTo(200);

        // Revoking again changes nothing; the list shows when it happened.
        assertThat(api.delete("/api/v1/api-keys/" + merchantKeyId, newKey).json().get("revokedAt"))
                .isEqualTo(revoked.json().get("revokedAt"));
        JsonNode listed = api.get("/api/v1/api-keys", newKey).json().get("items");
        assertThat(listed).filteredOn(k -> k.get("id").asText().equals(merchantKeyId))
                          .singleElement().satisfies(k -> assertThat(k.get("revokedAt").isNull()).isFalse());
    }

    @Test
    void aKeyCanRevokeItselfAndIsRefusedRightAfter() {
        assertThat(api.delete("/api/v1/api-keys/" + merchantKeyId, merchantKey).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/api-keys", merchantKey), 401, "unauthenticated");
    }

    @Test
    void testModeKeysCarryTheirMode() {
        JsonNode key = api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"staging\",\"mode\":\"test\"}").json();
        assertThat(key.get("apiKey").asText()).matches("tly_test_[0-9A-Za-z]{43}");
        assertThat(key.get("mode").asText()).isEqualTo("test");
        assertThat(api.get("/api/v1/invoices", key.get("apiKey").asText()).status()).isEqualTo(200);
        // A key made by a test key is a test key; it cannot make a live one.
        String testKey = key.get("apiKey").asText();
        assertThat(api.post("/api/v1/api-keys", testKey, "{\"name\":\"ci\"}").json().get("mode").asText())
                .isEqualTo("test");
        assertProblem(api.post("/api/v1/api-keys", testKey, "{\"name\":\"up\",\"mode\":\"live\"}"), 403,
                      "forbidden");
        // Each mode lists and revokes its own keys only: a test key cannot revoke a live one.
        assertThat(api.get("/api/v1/api-keys", testKey).json().get("items")).extracting(k -> k.get("mode").asText())
                                                                             .containsOnly("test");
        assertThat(api.get("/api/v1/api-keys", merchantKey).json().get("items"))
                .extracting(k -> k.get("mode").asText()).containsOnly("live");
        assertProblem(api.delete("/api/v1/api-keys/" + merchantKeyId, testKey), 404, "not-found");
        assertThat(api.get("/api/v1/invoices", merchantKey).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/api-keys/" + merchantTestKeyId, testKey).status()).isEqualTo(200);
    }

    @Test
    void aKeyCannotGrantOrRevokeAScopeItLacks() {
        String reader = createKey(merchantKey, "{\"name\":\"reader\",\"scopes\":[\"invoices:read\"]}");
        Answer escalation = api.post("/api/v1/api-keys", reader,
                                     "{\"name\":\"writer\",\"scopes\":[\"invoices:write\"]}");
        assertProblem(escalation, 403, "insufficient-scope");
        assertThat(escalation.json().get("detail").asText()).contains("invoices:write");
        assertProblem(api.delete("/api/v1/api-keys/" + merchantKeyId, reader), 403, "insufficient-scope");
        assertThat(api.get("/api/v1/invoices", merchantKey).status()).isEqualTo(200);

        // Without scopes the new key gets exactly the caller's.
        JsonNode same = api.post("/api/v1/api-keys", reader, "{\"name\":\"also reader\"}").json();
        assertThat(same.get("scopes")).extracting(JsonNode::asText).containsExactly("invoices:read");
    }

    @Test
    void anotherMerchantsKeysCannotBeSeenOrRevoked() {
        JsonNode other = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Other\"}").json();
        String otherKey = other.get("apiKey").asText();
        assertProblem(api.delete("/api/v1/api-keys/" + merchantKeyId, otherKey), 404, "not-found");
        assertThat(api.get("/api/v1/api-keys", otherKey).body()).doesNotContain(merchantKeyId).doesNotContain(merchantId);
        assertProblem(api.get("/api/v1/api-keys?merchantId=" + merchantId, otherKey), 400, "invalid-request");
        assertThat(api.get("/api/v1/invoices", merchantKey).status()).isEqualTo(200);
    }

    @Test
    void badInputIsRefusedAndNothingIsIssued() {
        int before = keys();
        assertProblem(api.post("/api/v1/api-keys", merchantKey, "{}"), 400, "invalid-request");
        assertProblem(api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"   \"}"), 400, "invalid-request");
        assertProblem(api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"" + "x".repeat(101) + "\"}"), 400,
                      "invalid-request");
        assertProblem(api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"k\",\"scopes\":[\"invoices:delete\"]}"),
                      400, "invalid-request");
        assertProblem(api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"k\",\"scopes\":[]}"), 400,
                      "invalid-request");
        assertProblem(api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"k\",\"mode\":\"prod\"}"), 400,
                      "invalid-request");
        assertProblem(api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"k\",\"role\":\"auditor\"}"), 400,
                      "invalid-request");
        assertProblem(api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"k\",\"surprise\":1}"), 400,
                      "malformed-request");
        assertProblem(api.post("/api/v1/api-keys", merchantKey, "{\"name\":"), 400, "malformed-request");
        assertProblem(api.get("/api/v1/api-keys?limit=0", merchantKey), 400, "invalid-request");
        assertProblem(api.get("/api/v1/api-keys?cursor=nonsense", merchantKey), 400, "invalid-request");
        assertProblem(api.delete("/api/v1/api-keys/not-a-key", merchantKey), 404, "not-found");
        assertProblem(api.delete("/api/v1/api-keys/key_000000000000000000000", merchantKey), 404, "not-found");
        assertThat(keys()).isEqualTo(before);
    }

    @Test
    void aMerchantHoldsAtMostTwentyActiveKeys() {
        // Registration issued two: a live and a test key.
        for (int i = 2; i < 20; i++) {
            createKey(merchantKey, "{\"name\":\"k" + i + "\"}");
        }
        assertProblem(api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"one too many\"}"), 422, "rule-violation");
        // Revoking one makes room again.
        String last = api.get("/api/v1/api-keys?limit=1", merchantKey).json().get("items").get(0).get("id").asText();
        api.delete("/api/v1/api-keys/" + last, merchantKey);
        assertThat(api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"replacement\"}").status()).isEqualTo(201);
    }

    @Test
    void listsArePagedNewestFirst() {
        List<String> ids = new ArrayList<>();
        ids.add(merchantKeyId);
        for (int i = 0; i < 4; i++) {
            ids.add(0, api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"p" + i + "\"}").json().get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/api-keys?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                                    merchantKey).json();
            page.get("items").forEach(k -> seen.add(k.get("id").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void theAdminIssuesAuditorKeysWhichOnlyRead() {
        Answer created = api.post("/api/v1/api-keys", ADMIN_KEY, "{\"name\":\"Audit firm\",\"role\":\"auditor\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode auditor = created.json();
        assertThat(auditor.get("role").asText()).isEqualTo("auditor");
        assertThat(auditor.get("merchantId").isNull()).isTrue();
        assertThat(auditor.get("scopes")).extracting(JsonNode::asText)
                .containsExactly("invoices:read", "settlements:read", "reports:read", "audit:read");
        String secret = auditor.get("apiKey").asText();

        Answer write = api.post("/api/v1/invoices", secret, INVOICE);
        assertProblem(write, 403, "forbidden");
        assertThat(write.json().get("detail").asText()).contains("read-only");
        assertProblem(api.get("/api/v1/invoices", secret), 403, "forbidden");
        assertProblem(api.get("/api/v1/merchants/" + merchantId, secret), 403, "forbidden");
        assertProblem(api.post("/api/v1/api-keys", secret, "{\"name\":\"x\"}"), 403, "forbidden");
        // Past the access table the audit area is open to it (the endpoints themselves are the audit module's).
        assertThat(api.get("/api/v1/audit/anything", secret).status()).isNotIn(401, 403);

        assertProblem(api.post("/api/v1/api-keys", ADMIN_KEY,
                               "{\"name\":\"bad\",\"role\":\"auditor\",\"scopes\":[\"invoices:write\"]}"), 422,
                      "rule-violation");
        JsonNode auditors = api.get("/api/v1/api-keys?role=auditor", ADMIN_KEY).json().get("items");
        assertThat(auditors).extracting(k -> k.get("id").asText()).contains(auditor.get("id").asText());
        assertThat(auditors).allSatisfy(k -> assertThat(k.get("role").asText()).isEqualTo("auditor"));

        assertThat(api.delete("/api/v1/api-keys/" + auditor.get("id").asText(), ADMIN_KEY).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/audit/anything", secret), 401, "unauthenticated");
    }

    @Test
    void theAdminManagesAnyMerchantsKeys() {
        Answer issued = api.post("/api/v1/api-keys", ADMIN_KEY,
                                 "{\"name\":\"support\",\"merchantId\":\"" + merchantId + "\"}");
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.json().get("merchantId").asText()).isEqualTo(merchantId);
        assertThat(api.get("/api/v1/invoices", issued.json().get("apiKey").asText()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/api-keys?merchantId=" + merchantId, ADMIN_KEY).json().get("items")).hasSize(3);
        assertProblem(api.post("/api/v1/api-keys", ADMIN_KEY, "{\"name\":\"nobody\"}"), 400, "invalid-request");
        assertProblem(api.post("/api/v1/api-keys", ADMIN_KEY,
                               "{\"name\":\"x\",\"merchantId\":\"mer_0000000000000000000000\"}"), 404, "not-found");
        assertThat(api.delete("/api/v1/api-keys/" + merchantKeyId, ADMIN_KEY).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/invoices", merchantKey), 401, "unauthenticated");

        // The admin key is not a merchant's.
        Answer adminOnMerchantData = api.get("/api/v1/invoices", ADMIN_KEY);
        assertProblem(adminOnMerchantData, 403, "forbidden");
        assertThat(adminOnMerchantData.json().get("detail").asText()).contains("merchant API key");
    }

    private String createKey(String caller, String body) {
        Answer created = api.post("/api/v1/api-keys", caller, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("apiKey").asText();
    }

    private int keys() {
        return jdbc.queryForObject("SELECT count(*) FROM command.api_keys WHERE merchant_id = ?", Integer.class,
                                   merchantId);
    }
}
