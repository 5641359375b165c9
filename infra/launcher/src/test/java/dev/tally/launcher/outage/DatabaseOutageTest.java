package dev.tally.launcher.outage;

import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.launcher.TallyApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PostgreSQL stops under traffic for 30 s and starts again. Meanwhile every request is answered, and quickly: a 503
 * problem+json with Retry-After, never a 500 or a hang; nothing half-written. Afterwards Tally resumes with no
 * manual step: new invoices are created, and an invoice created before the outage is paid and settled.
 */
class DatabaseOutageTest {
    private static final String ADMIN_KEY = "tly_admin_outage_test_0123456789abcdef";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** How long PostgreSQL stays away. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    static OwnPostgres postgres;
    static ConfigurableApplicationContext tally;
    static HttpApi api;

    @BeforeAll
    static void start() {
        assumeTrue(OwnPostgres.available(), "needs the PostgreSQL server binaries (/usr/lib/postgresql/*/bin)");
        postgres = OwnPostgres.start();
        tally = new SpringApplicationBuilder(TallyApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.url("tally_outage"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--tally.admin.api-key=" + ADMIN_KEY,
                "--tally.sandbox.block-interval=200ms",
                "--tally.rate-limits.enabled=false");
        api = new HttpApi(((WebServerApplicationContext) tally).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (tally != null) {
            tally.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void requestsDuringAnOutageAre503WithRetryAfterAndEverythingResumesAfterIt() {
        String merchantKey = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Outage shop\"}").json()
                                .get("testApiKey").asText();
        String before = createInvoice(merchantKey, "before").json().get("id").asText();
        assertThat(api.get("/api/v1/invoices/" + before, merchantKey).status()).isEqualTo(200);

        postgres.stopServer();
        List<Answer> during = new ArrayList<>();
        try {
            // Clients keep calling for the whole outage, as they would in production.
            Instant end = Instant.now().plus(OUTAGE);
            for (int i = 0; Instant.now().isBefore(end); i++) {
                during.add(createInvoice(merchantKey, "during-" + i));
                during.add(api.get("/api/v1/invoices/" + before, merchantKey));
                during.add(api.get("/api/v1/invoices", "tly_live_" + "x".repeat(43))); // a key never seen
                during.add(api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"During " + i + "\"}"));
            }
        } finally {
            postgres.startServer();
        }
        assertThat(during).hasSizeGreaterThanOrEqualTo(4);
        assertThat(during).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isEqualTo(503);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
            assertThat(answer.json().get("type").asText()).isEqualTo("urn:tally:problem:service-unavailable");
        });

        // No manual step: the same requests succeed once the database is back.
        await().atMost(PATIENCE).until(() -> createInvoice(merchantKey, "after").status() == 201);
        // The read models catch up by themselves (their processors were backing off while the database was away).
        await().atMost(PATIENCE).until(() -> orderIds(merchantKey).contains("after"));
        assertThat(orderIds(merchantKey)).as("nothing half-written during the outage").contains("before")
                                         .noneMatch(o -> o.startsWith("during-"));
        assertThat(api.post("/api/v1/sandbox/invoices/" + before + "/pay", merchantKey, "{}").status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> "SETTLED".equals(
                api.get("/api/v1/invoices/" + before, merchantKey).json().get("status").asText()));
    }

    private static List<String> orderIds(String key) {
        List<String> orderIds = new ArrayList<>();
        api.get("/api/v1/invoices?limit=100", key).json().get("items")
           .forEach(o -> orderIds.add(o.get("orderId").asText()));
        return orderIds;
    }

    private static Answer createInvoice(String key, String orderId) {
        return api.post("/api/v1/invoices", key, HttpApi.json(Map.of("amount", "5.00", "asset", "USDT",
                                                                     "chain", "tron", "orderId", orderId)),
                        "outage-" + orderId + "-" + UUID.randomUUID());
    }
}
