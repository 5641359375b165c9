package dev.tally.launcher.security;

import dev.tally.launcher.TallyApplication;
import dev.tally.launcher.security.SecurityHttp.Answer;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-client tiers live in PostgreSQL: a restarted node still knows the count. The global tier is each node's
 * share of the global figure, in memory: it reaches 429 without any database round trip, and two nodes allow
 * twice one node's share. {@code tally.rate-limits.enabled=false} turns every limit off.
 */
class RateLimitRestartTest {
    private static final String ADMIN_KEY = "tly_admin_restart_test_0123456789abcdef";
    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void thePerClientLimitHoldsAcrossARestart() {
        try (ConfigurableApplicationContext node = start("--tally.rate-limits.ip.requests=4",
                                                         "--tally.rate-limits.ip.period=1h")) {
            SecurityHttp api = new SecurityHttp(port(node));
            for (int i = 0; i < 4; i++) {
                assertThat(api.get("/api/v1/invoices", null).status()).isEqualTo(401);
            }
            RateLimitTest.assertTooManyRequests(api.get("/api/v1/invoices", null), "4");
        }
        try (ConfigurableApplicationContext restarted = start("--tally.rate-limits.ip.requests=4",
                                                              "--tally.rate-limits.ip.period=1h")) {
            SecurityHttp api = new SecurityHttp(port(restarted));
            RateLimitTest.assertTooManyRequests(api.get("/api/v1/invoices", null), "4");
        }
    }

    @Test
    void eachNodeEnforcesItsShareOfTheGlobalLimitInMemoryAndTheSwitchTurnsLimitsOff() {
        try (ConfigurableApplicationContext node = start("--tally.rate-limits.global.requests=8",
                                                         "--tally.rate-limits.global.period=1h",
                                                         "--tally.rate-limits.nodes=2")) {
            SecurityHttp api = new SecurityHttp(port(node));
            for (int i = 0; i < 4; i++) {
                assertThat(api.get("/api/v1/invoices", null).status()).isEqualTo(401);
            }
            RateLimitTest.assertTooManyRequests(api.get("/v3/api-docs", null), "4");
            // Health probes are never limited.
            assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
            assertThat(count("SELECT count(*) FROM ratelimit.buckets WHERE id LIKE 'global:%'")).isZero();
        }
        try (ConfigurableApplicationContext unlimited = start("--tally.rate-limits.enabled=false",
                                                              "--tally.rate-limits.global.requests=4",
                                                              "--tally.rate-limits.global.period=1h",
                                                              "--tally.rate-limits.ip.requests=1")) {
            SecurityHttp api = new SecurityHttp(port(unlimited));
            for (int i = 0; i < 10; i++) {
                Answer answer = api.get("/api/v1/invoices", null);
                assertThat(answer.status()).isEqualTo(401);
                assertThat(answer.header("RateLimit-Limit")).isNull();
            }
        }
    }

    private static long count(String sql) {
        try (var connection = java.sql.DriverManager.getConnection(database.url(), database.user(),
                                                                   database.password());
             var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--tally.admin.api-key=" + ADMIN_KEY,
                "--tally.sandbox.enabled=false",
                "--" + SecurityTests.SMALL_POOL));
        args.addAll(List.of(settings));
        if (args.stream().noneMatch(a -> a.startsWith("--tally.rate-limits.ip.requests="))) {
            args.add("--tally.rate-limits.ip.requests=1000");
        }
        return new SpringApplicationBuilder(TallyApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
