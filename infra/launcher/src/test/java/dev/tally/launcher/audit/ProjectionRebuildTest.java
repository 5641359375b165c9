package dev.tally.launcher.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.launcher.HttpApi;
import dev.tally.query.dashboard.DashboardView;
import dev.tally.query.dashboard.GetMerchantDashboard;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Projection rebuilds over real HTTP against the launcher (docs/audit.md, "Rebuilds"): every query-schema row is
 * the same after a rebuild of all projections; during a rebuild, with merchants creating and paying invoices, reads
 * answer from the old rows; afterwards the rows equal those of a second, quiet rebuild. And the refusals: unknown
 * names, merchant keys, a projection already being rebuilt.
 */
@LauncherWithAudit
class ProjectionRebuildTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    ChainObservationPort observations;
    @Autowired
    Configuration axon;
    @Autowired
    TokenStore tokenStore;
    @Autowired
    QueryGateway queries;

    HttpApi api;
    String auditorKey;
    String merchantKey;

    @BeforeEach
    void aMerchantWithInvoicesAndAnAuditor() {
        api = new HttpApi(port);
        auditorKey = send("POST", "/api/v1/api-keys", LauncherWithAudit.ADMIN_KEY,
                          "{\"name\":\"Rebuild auditor\",\"role\":\"auditor\"}").json().get("apiKey").asText();
        merchantKey = send("POST", "/api/v1/merchants", LauncherWithAudit.ADMIN_KEY,
                           "{\"name\":\"Rebuild " + UUID.randomUUID() + "\"}").json().get("testApiKey").asText();
        List<String> paid = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            JsonNode invoice = createInvoice(merchantKey, (i + 2) + ".5");
            if (i % 3 != 2) {
                pay(invoice);
                paid.add(invoice.get("id").asText());
            } else if (i == 5) {
                assertThat(send("POST", "/api/v1/invoices/" + invoice.get("id").asText() + "/cancel", merchantKey, "{}")
                                   .status()).isLessThan(300);
            }
        }
        paid.forEach(this::awaitSettled);
        awaitAllProjectionsCaughtUp();
    }

    @Test
    void aRebuildOfEveryProjectionLeavesEveryRowAsItWas() {
        Map<String, List<String>> before = queryRows();
        assertThat(before.get("query.invoices")).isNotEmpty();
        // A subscriber to live updates (what the dashboard's stream is made of) must not watch the history replay.
        SubscriptionQueryResult<DashboardView, DashboardView> live = queries.subscriptionQuery(
                // the merchant's figures in test mode, where its invoices are
                new GetMerchantDashboard(MerchantId.of(dashboard().get("merchantId").asText()), Mode.TEST),
                DashboardView.class,
                DashboardView.class);
        List<DashboardView> updates = new CopyOnWriteArrayList<>();
        live.updates().subscribe(updates::add);
        assertThat(before.get("query.ledger_transfers")).isNotEmpty();

        Answer started = send("POST", "/api/v1/audit/rebuilds", auditorKey, "{\"all\":true}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.header("Location")).isEqualTo("/api/v1/audit/rebuilds/" + started.json().get("id").asText());
        JsonNode done = awaitFinished(started.json().get("id").asText());

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        List<String> rebuilt = new ArrayList<>();
        done.get("projections").forEach(p -> {
            rebuilt.add(p.get("name").asText());
            assertThat(p.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(p.get("eventsTotal").asLong()).isPositive();
            assertThat(p.get("eventsDone").asLong()).isEqualTo(p.get("eventsTotal").asLong());
            assertThat(p.get("ratePerSecond").isNumber()).isTrue();
            assertThat(p.get("etaSeconds").asLong()).isZero();
            assertThat(p.hasNonNull("startedAt") && p.hasNonNull("finishedAt")).isTrue();
            assertThat(p.get("error").isNull()).isTrue();
        });
        // Every read model, and nothing with side effects (sagas, address books, key caches).
        assertThat(rebuilt).containsExactly("attention", "daily-settlement-metrics", "invoice-summary", "invoice-views",
                                            "ledger",
                                            "merchant-dashboard", "merchant-views", "network-fees",
                                            "payment-confirmation-stats",
                                            "payment-views", "payout-views", "refund-views", "settlement-views",
                                            "sweep-views");

        awaitAllProjectionsCaughtUp();
        assertThat(queryRows()).isEqualTo(before);
        assertThat(updates).as("live updates during the rebuild").isEmpty();
        createInvoice(merchantKey, "4");
        await().atMost(PATIENCE).until(() -> !updates.isEmpty());
        live.cancel();

        // The same progress for operators, on the Actuator endpoint.
        JsonNode actuator = send("GET", "/actuator/rebuilds", null, null).json();
        assertThat(actuator.get("rebuildable")).hasSize(14);
        assertThat(actuator.get("rebuilds").findValuesAsText("id")).contains(done.get("id").asText());
        assertThat(send("GET", "/actuator/rebuilds/" + done.get("id").asText(), null, null).json()
                           .get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode listed = send("GET", "/api/v1/audit/rebuilds", auditorKey, null).json();
        assertThat(listed.get("rebuilds").get(0).get("id").asText()).isEqualTo(done.get("id").asText());
    }

    @Test
    void duringARebuildReadsAnswerFromTheOldRowsAndMerchantsKeepWorking() throws Exception {
        JsonNode dashboardBefore = dashboard();
        int invoicesBefore = dashboardBefore.get("assets").get(0).get("invoices").asInt();
        String id;
        // The test holds a row of the dashboard, so the rebuild stops at its reset (a DELETE waiting for the lock)
        // for as long as the test needs: everything below happens while the rebuild is in progress.
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement(
                    "SELECT 1 FROM query.merchant_dashboard LIMIT 1 FOR UPDATE")) {
                select.executeQuery().close();
            }
            Answer started = send("POST", "/api/v1/audit/rebuilds", auditorKey,
                                  "{\"projections\":[\"merchant-dashboard\",\"invoice-summary\",\"ledger\"]}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            id = started.json().get("id").asText();
            await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    + "AND query LIKE 'DELETE FROM query.merchant_dashboard%'", Long.class) > 0);

            JsonNode running = send("GET", "/api/v1/audit/rebuilds/" + id, auditorKey, null).json();
            assertThat(running.get("status").asText()).isEqualTo("RUNNING");
            JsonNode dashboardProgress = running.get("projections").get(0);
            assertThat(dashboardProgress.get("name").asText()).isEqualTo("merchant-dashboard");
            assertThat(dashboardProgress.get("status").asText()).isEqualTo("RUNNING");
            assertThat(dashboardProgress.get("eventsTotal").asLong()).isPositive();
            // The others are replayed beside it (two at a time): one waiting on a lock holds up no other.
            await().atMost(PATIENCE).until(() -> {
                JsonNode projections = send("GET", "/api/v1/audit/rebuilds/" + id, auditorKey, null).json()
                        .get("projections");
                return projections.get(1).get("status").asText().equals("SUCCEEDED")
                       && projections.get(2).get("status").asText().equals("SUCCEEDED");
            });
            assertThat(send("GET", "/api/v1/audit/rebuilds/" + id, auditorKey, null).json().get("status").asText())
                    .isEqualTo("RUNNING");

            // One rebuild at a time per projection.
            Answer again = send("POST", "/api/v1/audit/rebuilds", LauncherWithAudit.ADMIN_KEY,
                                "{\"projections\":[\"merchant-dashboard\"]}");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.contentType()).startsWith("application/problem+json");
            assertThat(again.body()).contains("already being rebuilt or queued");

            // Merchants keep working: invoices are created and paid and reach every other read model.
            List<String> live = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonNode invoice = createInvoice(merchantKey, "1" + i);
                pay(invoice);
                live.add(invoice.get("id").asText());
            }
            live.forEach(this::awaitSettled);
            for (String invoiceId : live) {
                await().atMost(PATIENCE).until(() -> send("GET", "/api/v1/invoices/" + invoiceId, merchantKey, null)
                        .json().get("status").asText().equals("SETTLED"));
            }
            // ... while the dashboard being rebuilt still answers from its old rows.
            assertThat(dashboard()).isEqualTo(dashboardBefore);
        }
        // The lock is gone (rolled back with the connection's close): the rebuild goes on and commits.
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        await().atMost(PATIENCE).until(() -> dashboard().get("assets").get(0).get("invoices").asInt()
                                             == invoicesBefore + 3);
        awaitAllProjectionsCaughtUp();
        Map<String, List<String>> afterLiveRebuild = queryRows();

        // A second rebuild with no traffic yields exactly the rows the first one (plus the catch-up) left.
        JsonNode fresh = awaitFinished(send("POST", "/api/v1/audit/rebuilds", LauncherWithAudit.ADMIN_KEY,
                                            "{\"all\":true}").json().get("id").asText());
        assertThat(fresh.get("status").asText()).as(fresh.toString()).isEqualTo("SUCCEEDED");
        awaitAllProjectionsCaughtUp();
        assertThat(queryRows()).isEqualTo(afterLiveRebuild);
    }

    @Test
    void aFailedRebuildKeepsTheOldRowsAndItsProjectionGoesOn() throws Exception {
        Map<String, List<String>> before = queryRows();
        int invoicesBefore = dashboard().get("assets").get(0).get("invoices").asInt();
        String id;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement(
                    "SELECT 1 FROM query.merchant_dashboard LIMIT 1 FOR UPDATE")) {
                select.executeQuery().close();
            }
            id = send("POST", "/api/v1/audit/rebuilds", auditorKey, "{\"projections\":[\"merchant-dashboard\"]}")
                    .json().get("id").asText();
            // The rebuild's reset waits for the lock; cancelling that statement fails the rebuild half-way.
            await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                    "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    + "AND query LIKE 'DELETE FROM query.merchant_dashboard%'", Long.class) > 0);
            JsonNode failed = awaitFinished(id);
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("projections").get(0).get("error").asText()).contains("canceling statement");
        }
        awaitAllProjectionsCaughtUp();
        assertThat(queryRows()).isEqualTo(before);
        // The processor was restarted where it was: new invoices still reach the dashboard.
        createInvoice(merchantKey, "7");
        await().atMost(PATIENCE).until(() -> dashboard().get("assets").get(0).get("invoices").asInt()
                                             == invoicesBefore + 1);
    }

    @Test
    void unknownNamesMerchantKeysAndUnknownRebuildsAreRefused() {
        Answer unknown = send("POST", "/api/v1/audit/rebuilds", auditorKey, "{\"projections\":[\"ledger\",\"nope\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.body()).contains("unknown projection 'nope'").contains("merchant-dashboard")
                                  .contains("settlement-views");
        // Sagas and other handlers with side effects are not projections one can rebuild.
        Answer saga = send("POST", "/api/v1/audit/rebuilds", auditorKey,
                           "{\"projections\":[\"invoice-settlement-saga\"]}");
        assertThat(saga.status()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/audit/rebuilds", auditorKey, "{\"projections\":[]}").status()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/audit/rebuilds", auditorKey,
                        "{\"projections\":[\"ledger\"],\"all\":true}").status()).isEqualTo(400);

        Answer merchant = send("POST", "/api/v1/audit/rebuilds", merchantKey, "{\"all\":true}");
        assertThat(merchant.status()).isEqualTo(403);
        assertThat(merchant.contentType()).startsWith("application/problem+json");
        assertThat(send("GET", "/api/v1/audit/rebuilds", merchantKey, null).status()).isEqualTo(403);

        assertThat(send("GET", "/api/v1/audit/rebuilds/rbd_0000", auditorKey, null).status()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/audit/rebuilds", auditorKey, null).json().get("rebuildable"))
                .extracting(JsonNode::asText).contains("ledger", "merchant-dashboard")
                .doesNotContain("invoice-settlement-saga", "payment-confirmation-saga", "watched-addresses");
    }

    // ---------------------------------------------------------------- helpers

    /** Every row of every query-schema table, as text, in order: what the read models serve. */
    private Map<String, List<String>> queryRows() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String table : jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                              + "'query' AND table_type = 'BASE TABLE' AND table_name NOT LIKE "
                                              + "'%flyway%' ORDER BY table_name", String.class)) {
            rows.put("query." + table, jdbc.queryForList("SELECT t::text FROM query." + table + " t ORDER BY 1",
                                                         String.class));
        }
        return rows;
    }

    /** Every streaming processor has handled everything up to the head, and the head no longer moves. */
    private void awaitAllProjectionsCaughtUp() {
        await().atMost(PATIENCE).until(() -> {
            Long head = jdbc.queryForObject("SELECT max(global_index) FROM eventstore.domain_event_entry", Long.class);
            for (var entry : axon.eventProcessingConfiguration().eventProcessors().entrySet()) {
                if (!(entry.getValue() instanceof StreamingEventProcessor processor)) {
                    continue;
                }
                Map<Integer, EventTrackerStatus> status = processor.processingStatus();
                if (!processor.isRunning()
                    || status.size() != tokenStore.fetchSegments(entry.getKey()).length
                    || status.values().stream().anyMatch(s -> s.isErrorState()
                            || s.getCurrentPosition().orElse(-1) < head)) {
                    return false;
                }
            }
            return head.equals(jdbc.queryForObject("SELECT max(global_index) FROM eventstore.domain_event_entry",
                                                   Long.class));
        });
    }

    private JsonNode awaitFinished(String id) {
        await().atMost(PATIENCE).until(() -> !send("GET", "/api/v1/audit/rebuilds/" + id, auditorKey, null).json()
                .get("status").asText().matches("QUEUED|RUNNING"));
        return send("GET", "/api/v1/audit/rebuilds/" + id, auditorKey, null).json();
    }

    private JsonNode dashboard() {
        return send("GET", "/api/v1/dashboard", merchantKey, null).json();
    }

    private JsonNode createInvoice(String key, String amount) {
        HttpRequest.Builder request = api.request("/api/v1/invoices", key)
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"" + amount
                        + "\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"r-" + hex(4) + "\"}"));
        Answer created = api.send(request);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private void pay(JsonNode invoice) {
        String tx = hex(32);
        observations.accept(new TransferObserved(Chain.TRON, tx, 0, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TCustomer",
                invoice.get("depositAddress").asText(), TokenAmount.parse(invoice.get("amount").asText(), Asset.USDT),
                700L, "block-" + tx, Instant.now()));
    }

    private void awaitSettled(String invoiceId) {
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE '%InvoiceSettled'", Long.class, invoiceId) == 1);
    }

    private Answer send(String method, String path, String key, String body) {
        return api.send(method, path, key, body);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
