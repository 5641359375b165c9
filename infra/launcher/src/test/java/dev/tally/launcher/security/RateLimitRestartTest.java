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
 * The global tier, whose buckets live in PostgreSQL: it reaches 429, a restarted node still knows the count, and
 * {@code tally.rate-limits.enabled=false} turns every limit off.
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
    void theGlobalLimitHoldsAcrossARestartAndTheSwitchTurnsLimitsOff() {
        try (ConfigurableApplicationContext node = start("--tally.rate-limits.global.requests=4",
                                                         "--tally.rate-limits.global.period=1h")) {
            SecurityHttp api = new SecurityHttp(port(node));
            for (int i = 0; i < 4; i++) {
                assertThat(api.get("/api/v1/invoices", null).status()).isEqualTo(401);
            }
            RateLimitTest.assertTooManyRequests(api.get("/api/v1/invoices", null), "4");
            // Health probes are never limited.
            assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext restarted = start("--tally.rate-limits.global.requests=4",
                                                              "--tally.rate-limits.global.period=1h")) {
            SecurityHttp api = new SecurityHttp(port(restarted));
            RateLimitTest.assertTooManyRequests(api.get("/api/v1/invoices", null), "4");
            RateLimitTest.assertTooManyRequests(api.get("/v3/api-docs", null), "4");
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

    private static ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--tally.admin.api-key=" + ADMIN_KEY,
                "--tally.sandbox.enabled=false",
                "--tally.rate-limits.ip.requests=1000",
                "--" + SecurityTests.SMALL_POOL));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(TallyApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
