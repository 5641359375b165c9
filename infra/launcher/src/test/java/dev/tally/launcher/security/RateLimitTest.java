package dev.tally.launcher.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.TallyApplication;
import dev.tally.launcher.security.SecurityHttp.Answer;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-key and per-IP tiers with small limits: each reaches 429 with Retry-After and the RateLimit-* headers,
 * keys are counted apart, and an authenticated client is never held to its IP's limit.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + RateLimitTest.ADMIN_KEY,
                "tally.rate-limits.api-key.invoice-creation.requests=2",
                "tally.rate-limits.api-key.invoice-creation.period=1h",
                "tally.rate-limits.api-key.reads.requests=3",
                "tally.rate-limits.api-key.reads.period=1h",
                "tally.rate-limits.api-key.writes.requests=1000",
                "tally.rate-limits.ip.requests=3",
                "tally.rate-limits.ip.period=1h",
                SecurityTests.SMALL_POOL
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // its limits are its own: no other test shares this context, so free its connections
class RateLimitTest {
    static final String ADMIN_KEY = "tly_admin_rate_test_0123456789abcdefgh";
    private static final String INVOICE = "{\"amount\":\"5\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"o-1\"}";

    @LocalServerPort
    int port;

    SecurityHttp api;
    String merchantKey;

    @BeforeEach
    void registerMerchant() {
        api = new SecurityHttp(port);
        merchantKey = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Shop " + UUID.randomUUID() + "\"}")
                         .json().get("testApiKey").asText();
    }

    @Test
    void invoiceCreationIsLimitedPerKey() {
        Answer first = api.post("/api/v1/invoices", merchantKey, INVOICE);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("RateLimit-Limit")).isEqualTo("2");
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("1");
        assertThat(Long.parseLong(first.header("RateLimit-Reset"))).isPositive();
        assertThat(api.post("/api/v1/invoices", merchantKey, INVOICE).header("RateLimit-Remaining")).isEqualTo("0");

        Answer refused = api.post("/api/v1/invoices", merchantKey, INVOICE);
        assertTooManyRequests(refused, "2");

        // Reads have their own bucket, and a second key of the same merchant its own.
        assertThat(api.get("/api/v1/invoices", merchantKey).status()).isEqualTo(200);
        String second = api.post("/api/v1/api-keys", merchantKey, "{\"name\":\"second\"}").json().get("apiKey").asText();
        assertThat(api.post("/api/v1/invoices", second, INVOICE).status()).isEqualTo(201);
    }

    @Test
    void readsAreLimitedPerKey() {
        for (int i = 0; i < 3; i++) {
            Answer read = api.get("/api/v1/invoices", merchantKey);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.header("RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
        }
        assertTooManyRequests(api.get("/api/v1/invoices", merchantKey), "3");
        assertTooManyRequests(api.get("/api/v1/settlements", merchantKey), "3");
    }

    @Test
    void unauthenticatedTrafficIsLimitedPerClientAddressButKeysAreNot() {
        // Public endpoints and failed authentications draw from the same per-IP bucket.
        Answer publicRead = api.get("/api/v1/public/invoices/inv_00000000000000000000", null);
        assertThat(publicRead.status()).isNotEqualTo(429);
        assertThat(publicRead.header("RateLimit-Limit")).isEqualTo("3");
        assertThat(api.get("/pay/inv_00000000000000000000", null).status()).isNotEqualTo(429);
        Answer badKey = api.get("/api/v1/invoices", "tly_live_" + "0".repeat(43));
        assertThat(badKey.status()).isEqualTo(401);
        assertThat(badKey.header("RateLimit-Remaining")).isEqualTo("0");

        assertTooManyRequests(api.get("/api/v1/invoices", "tly_live_" + "1".repeat(43)), "3");
        assertTooManyRequests(api.get("/api/v1/invoices", null), "3");
        assertTooManyRequests(api.get("/api/v1/public/invoices/inv_00000000000000000000", null), "3");

        // The same address with a valid key is governed by the key's limits only.
        Answer authenticated = api.get("/api/v1/invoices", merchantKey);
        assertThat(authenticated.status()).isEqualTo(200);
        assertThat(authenticated.header("RateLimit-Limit")).isEqualTo("3");
        assertThat(authenticated.header("RateLimit-Remaining")).isEqualTo("2");
    }

    static void assertTooManyRequests(Answer answer, String limit) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(429);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:tally:problem:rate-limited");
        assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
        assertThat(answer.header("RateLimit-Limit")).isEqualTo(limit);
        assertThat(answer.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(answer.header("RateLimit-Reset"))).isPositive();
    }
}
