package dev.tally.launcher.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.ChildProcesses;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Payouts across crashes: the launcher is killed with SIGKILL while payouts are being requested, and again while
 * they are on their way (reserved, their transactions kept, handed to the chain or not yet), and started again each
 * time. Clients retry what they got no answer for with the same Idempotency-Key. Afterwards each request made
 * exactly one payout, each payout was paid by one transaction that the chain holds once, the balances add up and
 * the ledger balances.
 */
class PayoutCrashTest {
    private static final String ADMIN_KEY = "tly_admin_payout_crash_0123456789abcdef";
    private static final String ADDRESS = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
    private static final int PAYOUTS = 8;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void killedWhilePayoutsAreOnTheirWayEachIsPaidOnceByOneTransaction() throws Exception {
        Path log = Files.createDirectories(Path.of("target", "crash-harness"))
                        .resolve("payouts-" + System.currentTimeMillis() + ".log");
        try (TestDatabase database = TestDatabase.create(); var pool = database.pool(2)) {
            LauncherProcess tally = new LauncherProcess(ChildProcesses.freePort(), log,
                                                        CrashSafetyTest.settings(database, ADMIN_KEY));
            HttpApi api = tally.api();
            tally.start();
            try {
                String key = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Payout crash shop\"}").json()
                                .get("testApiKey").asText();
                assertThat(api.send("PUT", "/api/v1/payout-addresses/tron", key,
                                    "{\"address\":\"" + ADDRESS + "\"}").status()).isEqualTo(200);
                earn(api, key, 2, "9.90");

                // Requests in flight when the process dies; each client retries its own key until answered.
                RetryingClients clients = RetryingClients.start(api, key, "/api/v1/payouts",
                        "{\"chain\":\"tron\",\"amount\":\"1.00\"}", PAYOUTS, "payout-crash-", PATIENCE);
                await().atMost(PATIENCE).until(() -> clients.answered() >= PAYOUTS / 2);
                tally.kill();
                tally.start();
                clients.join();
                assertThat(clients.unexpected()).as("answers no client should get").isEmpty();
                assertThat(clients.answered()).isEqualTo(PAYOUTS);
                // And again while they are on their way to the chain.
                tally.kill();
                tally.start();

                assertThat(clients.idsByKey().values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
                Set<String> payoutIds = clients.ids();
                assertThat(payoutIds).hasSize(PAYOUTS);
                await("every payout confirmed").atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
                    JsonNode items = api.get("/api/v1/payouts?limit=100", key).json().get("items");
                    int confirmed = 0;
                    for (JsonNode payout : items) {
                        confirmed += "confirmed".equals(payout.get("status").asText()) ? 1 : 0;
                    }
                    return items.size() == PAYOUTS && confirmed == PAYOUTS;
                });
                JdbcTemplate jdbc = new JdbcTemplate(pool);
                Set<String> txHashes = new HashSet<>();
                for (JsonNode payout : api.get("/api/v1/payouts?limit=100", key).json().get("items")) {
                    assertThat(payoutIds).contains(payout.get("id").asText());
                    String txHash = payout.get("txHash").asText();
                    txHashes.add(txHash);
                    assertThat(jdbc.queryForObject("SELECT count(*) FROM watcher.sandbox_blocks WHERE transfers @> "
                                                   + "jsonb_build_array(jsonb_build_object('txHash', ?::text))",
                                                   Long.class, txHash)).as("blocks holding " + txHash).isEqualTo(1);
                }
                assertThat(txHashes).hasSize(PAYOUTS);
                await().atMost(PATIENCE).untilAsserted(() -> {
                    JsonNode funds = api.get("/api/v1/payouts", key).json().get("balances").get(0);
                    assertThat(funds.get("available").asText()).isEqualTo("1.90");
                    assertThat(funds.get("reserved").asText()).isEqualTo("0.00");
                    JsonNode books = api.get("/api/v1/balances", key).json().get("balances").get(0);
                    assertThat(books.get("paidOut").asText()).isEqualTo("8.00");
                    assertThat(books.get("payingOut").asText()).isEqualTo("0.00");
                });
                assertThat(api.get("/api/v1/balances", ADMIN_KEY).json().get("balanced").asBoolean()).isTrue();
                assertThat(api.get("/api/v1/admin/dead-letters", ADMIN_KEY).json().get("data")).isEmpty();
            } finally {
                tally.stop();
            }
        }
    }

    /** Creates and pays {@code count} invoices of 5.00 and waits until their nets (1 % fee) are available. */
    private static void earn(HttpApi api, String key, int count, String expected) {
        List<String> invoices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Answer created = api.post("/api/v1/invoices", key, "{\"amount\":\"5.00\",\"asset\":\"USDT\","
                                                               + "\"chain\":\"tron\",\"orderId\":\"earn-" + i + "\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            invoices.add(created.json().get("id").asText());
            assertThat(api.post("/api/v1/sandbox/invoices/" + invoices.get(i) + "/pay", key, "{}").status())
                    .isEqualTo(202);
        }
        await("the nets final").atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode balances = api.get("/api/v1/payouts", key).json().get("balances");
            return balances.size() == 1 && expected.equals(balances.get(0).get("available").asText());
        });
    }
}
