package dev.tally.launcher.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tally.launcher.ChildProcesses;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.launcher.MoneyOut;
import dev.tally.platform.test.TestDatabase;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two launcher processes on one database, as behind a load balancer with no sticky sessions.
 * <ul>
 * <li>Live updates on a node whose processors never see the events: the first node holds every segment of the
 * projections behind the live streams. A customer's payment page and the merchant's dashboard streamed from the
 * second node get the changes the first node's processors made (the latest state after each of their commits).</li>
 * <li>Commands racing on one aggregate from both nodes: twenty payouts at once, half through each node, against one
 * merchant's balance. Each is decided on the balance as the other node left it (a command that lost the race is
 * handled again): exactly those that fit are accepted, the rest refused as short, none answered 409, nothing
 * overdrawn.</li>
 * </ul>
 */
class TwoNodesOnOneDatabaseTest {
    private static final String ADMIN_KEY = "tly_admin_live_updates_every_node_0123";
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final List<String> PROCESSORS = List.of("invoice-summary", "merchant-dashboard");
    private static final String PAYOUT_ADDRESS = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
    private static final String CLAIM_TIMEOUT = "--axon.eventhandling.tokenstore.claim-timeout=";

    @Test
    void liveUpdatesReachEitherNodeAndCommandsRacingAcrossNodesAreDecidedOneAtATime() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "crash-harness"));
        try (TestDatabase database = TestDatabase.create()) {
            JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(database.url(), database.user(),
                                                                            database.password()));
            List<String> settings = CrashSafetyTest.settings(database, ADMIN_KEY);
            LauncherProcess first = new LauncherProcess(ChildProcesses.freePort(),
                                                        logs.resolve("two-nodes-a.log"), settings);
            // The second node takes no segment the first holds, however late the first extends its claims.
            List<String> standing = settings.stream().map(setting -> setting.startsWith(CLAIM_TIMEOUT)
                    ? CLAIM_TIMEOUT + "10m" : setting).toList();
            LauncherProcess second = new LauncherProcess(ChildProcesses.freePort(),
                                                         logs.resolve("two-nodes-b.log"), standing);
            first.start();
            List<LiveStream> streams = new ArrayList<>();
            try {
                await("the first node holds every segment of the live projections").atMost(PATIENCE)
                        .until(() -> processorsWithSegments(jdbc) == PROCESSORS.size()
                                     && segmentsHeldBy(jdbc, first.pid()) == segments(jdbc));
                second.start();
                HttpApi apiA = first.api();
                HttpApi apiB = second.api();
                String merchantKey = apiA.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Every node\"}").json()
                                         .get("testApiKey").asText();
                Answer created = apiA.post("/api/v1/invoices", merchantKey,
                                           HttpApi.json(Map.of("amount", "2.00", "asset", "USDT", "chain", "tron",
                                                               "orderId", "every-node-1")), "every-node-1");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                String id = created.json().get("id").asText();
                await("the invoice's page on the second node").atMost(PATIENCE)
                        .until(() -> apiB.get("/api/v1/public/invoices/" + id, null).status() == 200);

                LiveStream page = LiveStream.open(() -> apiB, "/api/v1/public/invoices/" + id + "/stream", null);
                LiveStream dashboard = LiveStream.open(() -> apiB, "/api/v1/dashboard/stream", merchantKey);
                streams.add(page);
                streams.add(dashboard);
                await().atMost(Duration.ofSeconds(60)).until(() -> page.lines().contains("event:invoice")
                                                                   && dashboard.lines().contains("event:dashboard"));
                await("the sandbox pays " + id).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(
                        () -> apiA.post("/api/v1/sandbox/invoices/" + id + "/pay", merchantKey, "{}").status()
                              == 202);

                // The state the first node's processors wrote after each of their commits, on the second node's
                // stream, to its end.
                await("the page's stream on the second node ends settled").atMost(PATIENCE)
                        .until(page::ended);
                List<String> states = page.lines().stream().filter(l -> l.startsWith("data:{\"id\"")).toList();
                assertThat(states.get(0)).contains("\"status\":\"PENDING\"");
                assertThat(states.get(states.size() - 1)).contains("\"status\":\"SETTLED\"");
                await("the dashboard's stream on the second node shows the payment").atMost(PATIENCE)
                        .until(() -> dashboard.lines().stream()
                                              .anyMatch(l -> l.contains("\"grossVolume\":\"2.00\"")));
                // And none of it was the second node's own doing.
                assertThat(segmentsHeldBy(jdbc, second.pid())).isZero();

                // Twenty payouts of 0.10 at once, alternately through each node, against the final 1.98.
                Answer address = apiA.send("PUT", "/api/v1/payout-addresses/tron", merchantKey,
                                           HttpApi.json(Map.of("address", PAYOUT_ADDRESS)));
                assertThat(address.status()).as(address.body()).isEqualTo(200);
                await("the settled 1.98 final").atMost(PATIENCE).until(
                        () -> "1.98".equals(MoneyOut.balances(apiB, merchantKey).get("available").asText()));
                AtomicInteger turn = new AtomicInteger();
                List<Answer> answers = MoneyOut.atOnce(20, () -> (turn.getAndIncrement() % 2 == 0 ? apiA : apiB).post(
                        "/api/v1/payouts", merchantKey, HttpApi.json(Map.of("chain", "tron", "amount", "0.10")),
                        UUID.randomUUID().toString()));
                assertThat(answers).filteredOn(answer -> answer.status() == 201).hasSize(19);
                assertThat(answers).filteredOn(answer -> answer.status() != 201).singleElement().satisfies(answer -> {
                    assertThat(answer.status()).as(answer.body()).isEqualTo(422);
                    assertThat(answer.body()).contains("insufficient available balance");
                });
                await("what is left available").atMost(PATIENCE).until(
                        () -> "0.08".equals(MoneyOut.balances(apiA, merchantKey).get("available").asText()));
            } finally {
                streams.forEach(LiveStream::close);
                first.stop();
                second.stop();
            }
        }
    }

    private static long segments(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM eventstore.token_entry WHERE processor_name IN (?, ?)")
                   .params(PROCESSORS.get(0), PROCESSORS.get(1)).query(Long.class).single();
    }

    private static long processorsWithSegments(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(DISTINCT processor_name) FROM eventstore.token_entry "
                        + "WHERE processor_name IN (?, ?)")
                   .params(PROCESSORS.get(0), PROCESSORS.get(1)).query(Long.class).single();
    }

    private static long segmentsHeldBy(JdbcClient jdbc, long pid) {
        return jdbc.sql("SELECT count(*) FROM eventstore.token_entry WHERE processor_name IN (?, ?) AND owner LIKE ?")
                   .params(PROCESSORS.get(0), PROCESSORS.get(1), pid + "@%").query(Long.class).single();
    }
}
