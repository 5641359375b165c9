package dev.tally.launcher.crash;

import dev.tally.launcher.ChildProcesses;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two launcher processes on one database, each with its chain watcher: one scans the (shared) sandbox chain under
 * its lease, the other stands by. SIGKILL the scanning one: the other takes the chain over once the lease expires,
 * and every payment — made before and after the kill — is reported once and settles once.
 */
class TwoWatcherProcessesTest {
    private static final String ADMIN_KEY = "tly_admin_two_watchers_0123456789abcdef";
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void theStandbyWatcherTakesTheChainOverWhenTheScanningProcessIsKilled() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "crash-harness"));
        try (TestDatabase database = TestDatabase.create()) {
            JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(database.url(), database.user(),
                                                                            database.password()));
            List<String> settings = CrashSafetyTest.settings(database, ADMIN_KEY);
            LauncherProcess first = new LauncherProcess(ChildProcesses.freePort(),
                                                        logs.resolve("two-watchers-a.log"), settings);
            LauncherProcess second = new LauncherProcess(ChildProcesses.freePort(),
                                                         logs.resolve("two-watchers-b.log"), settings);
            first.start();
            second.start();
            try {
                HttpApi apiA = first.api();
                String merchantKey = apiA.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Two watchers\"}").json()
                                         .get("testApiKey").asText();
                await("one process holds the sandbox chain").atMost(PATIENCE)
                        .until(() -> holderPid(jdbc) != null);
                long holder = holderPid(jdbc);
                assertThat(holder).isIn(first.pid(), second.pid());
                LauncherProcess scanning = holder == first.pid() ? first : second;
                LauncherProcess standing = scanning == first ? second : first;

                List<String> invoices = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    invoices.add(createAndPay(standing.api(), merchantKey, "before-" + i));
                }
                awaitSettled(standing.api(), merchantKey, invoices);
                assertThat(holderPid(jdbc)).as("the scanning process kept the chain").isEqualTo(scanning.pid());

                scanning.kill();
                for (int i = 0; i < 3; i++) {
                    invoices.add(createAndPay(standing.api(), merchantKey, "after-" + i));
                }
                awaitSettled(standing.api(), merchantKey, invoices);
                assertThat(holderPid(jdbc)).as("the standby took the chain over").isEqualTo(standing.pid());
                HttpApi api = standing.api();
                await("a settlement view per invoice").atMost(PATIENCE).until(() -> invoices.stream().allMatch(
                        id -> !api.get("/api/v1/settlements?invoiceId=" + id, merchantKey).json().get("items")
                                  .isEmpty()));
                for (String invoice : invoices) {
                    assertThat(api.get("/api/v1/invoices/" + invoice, merchantKey).json().get("payments"))
                            .as("payments of " + invoice).hasSize(1);
                    assertThat(api.get("/api/v1/settlements?invoiceId=" + invoice, merchantKey).json().get("items"))
                            .as("settlements of " + invoice).hasSize(1);
                }
                assertThat(standing.api().get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean())
                        .isTrue();
            } finally {
                first.stop();
                second.stop();
            }
        }
    }

    /** The process id of the sandbox lease's holder ("pid@host/random"), if a live lease exists. */
    private static Long holderPid(JdbcClient jdbc) {
        return jdbc.sql("SELECT holder FROM watcher.scanner_leases WHERE chain = 'sandbox' AND expires_at > now()")
                   .query(String.class).optional()
                   .map(holder -> Long.parseLong(holder.substring(0, holder.indexOf('@'))))
                   .orElse(null);
    }

    private static String createAndPay(HttpApi api, String merchantKey, String orderId) {
        Answer created = api.post("/api/v1/invoices", merchantKey,
                                  HttpApi.json(Map.of("amount", "2.00", "asset", "USDT", "chain", "tron",
                                                      "orderId", orderId)), orderId);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        // The invoice's view may be the other process's to write: a 404 until it has.
        await("the sandbox pays " + id).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            Answer paid = api.post("/api/v1/sandbox/invoices/" + id + "/pay", merchantKey, "{}");
            assertThat(paid.status()).as(paid.body()).isIn(202, 404);
            return paid.status() == 202;
        });
        return id;
    }

    private static void awaitSettled(HttpApi api, String merchantKey, List<String> invoices) {
        await("invoices SETTLED").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> invoices.stream().allMatch(id -> "SETTLED".equals(
                        api.get("/api/v1/invoices/" + id, merchantKey).json().path("status").asText())));
    }
}
