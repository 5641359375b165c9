package dev.tally.launcher.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.launcher.cli.AuditCliHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The auditor's CLI against a running launcher: history, state, export, verify, checkpoints, and clear errors. */
@LauncherWithAudit
class AuditCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ChainObservationPort observations;

    String server;
    String invoiceId;

    @BeforeEach
    void aSettledInvoice() throws Exception {
        server = "http://localhost:" + port;
        HttpClient http = HttpClient.newHttpClient();
        JsonNode merchant = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/merchants"))
                .header("Authorization", "Bearer " + LauncherWithAudit.ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"CLI " + UUID.randomUUID() + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode invoice = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/invoices"))
                .header("Authorization", "Bearer " + merchant.get("testApiKey").asText())
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"amount\":\"3\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"cli\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        invoiceId = invoice.get("id").asText();
        String tx = hex(32);
        observations.accept(new TransferObserved(Chain.TRON, tx, 0, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TCustomer",
                invoice.get("depositAddress").asText(), TokenAmount.parse("3", Asset.USDT), 700L, "block-" + tx,
                Instant.now()));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE '%InvoiceSettled'", Long.class, invoiceId) == 1);
    }

    @Test
    void historyAndStateOfAnInvoice() {
        AuditCliHarness.Run history = cli("history", "invoices", invoiceId);
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(history.out()).contains("InvoiceCreated r1").contains("InvoiceSettled r1")
                                 .contains("saga:InvoiceSettlementSaga").contains("key:key_");

        AuditCliHarness.Run state = cli("state", "invoices", invoiceId, "--as-of", Instant.now().toString());
        assertThat(state.exitCode()).as(state.err()).isZero();
        assertThat(state.out()).contains("\"status\" : \"SETTLED\"");
    }

    @Test
    void badInputUnknownIdsAndAnUnreachableServerAreClearErrors() throws IOException {
        AuditCliHarness.Run malformed = cli("state", "invoices", invoiceId, "--as-of", "last tuesday");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("malformed date for --as-of: 'last tuesday'");

        AuditCliHarness.Run unknown = cli("history", "invoices", "inv_" + hex(8));
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("not found (HTTP 404)");

        AuditCliHarness.Run badType = cli("history", "widgets", "x");
        assertThat(badType.exitCode()).isEqualTo(2);
        assertThat(badType.err()).contains("unknown aggregate type 'widgets'");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AuditCliHarness.Run unreachable = AuditCliHarness.run("verify", "--server", "http://localhost:" + closedPort,
                                                              "--api-key", LauncherWithAudit.ADMIN_KEY);
        assertThat(unreachable.exitCode()).isEqualTo(3);
        assertThat(unreachable.err()).contains("cannot reach Tally at http://localhost:" + closedPort);

        AuditCliHarness.Run noKey = AuditCliHarness.run("verify", "--server", server, "--api-key", "");
        assertThat(noKey.exitCode()).isEqualTo(2);
    }

    @Test
    void exportVerifyAndCheckpoints(@TempDir Path dir) throws IOException {
        long head = jdbc.queryForObject("SELECT max(global_index) FROM eventstore.domain_event_entry", Long.class);
        long expected = jdbc.queryForObject("SELECT count(*) FROM eventstore.domain_event_entry WHERE global_index <= ?",
                                            Long.class, head);
        Path ndjson = dir.resolve("events.ndjson");
        AuditCliHarness.Run export = cli("export", "-o", ndjson.toString(), "--from-index", "1",
                                         "--to-index", Long.toString(head));
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.readAllLines(ndjson)).hasSize((int) expected);
        assertThat(export.err()).contains("100%");

        Path csv = dir.resolve("events.csv");
        assertThat(cli("export", "-o", csv.toString(), "--format", "csv", "--type", "InvoiceSettled").exitCode()).isZero();
        assertThat(Files.readString(csv)).startsWith("global_index,timestamp").contains(invoiceId);

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT coalesce(max(global_index), 0) FROM audit.hash_links", Long.class) >= head);
        AuditCliHarness.Run verify = cli("verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).startsWith("intact: ");

        Path checkpoint = dir.resolve("checkpoint.json");
        assertThat(cli("checkpoint", "latest", "-o", checkpoint.toString()).exitCode()).isZero();
        AuditCliHarness.Run recheck = cli("checkpoint", "verify", checkpoint.toString());
        assertThat(recheck.exitCode()).as(recheck.out() + recheck.err()).isZero();
        assertThat(recheck.out()).contains("checkpoint holds");
    }

    @Test
    void rebuildDrawsProgressUntilDoneAndRefusesUnknownProjections() throws IOException {
        AuditCliHarness.Run rebuild = cli("rebuild", "--projection", "merchant-views", "--projection", "invoice-views");
        assertThat(rebuild.exitCode()).as(rebuild.out() + rebuild.err()).isZero();
        assertThat(rebuild.err()).contains("merchant-views").contains("invoice-views").contains("100%")
                                 .contains("events/s");
        assertThat(rebuild.out()).startsWith("rebuilt 2 projections from ");

        AuditCliHarness.Run noWait = cli("rebuild", "--all", "--no-wait");
        assertThat(noWait.exitCode()).as(noWait.err()).isZero();
        assertThat(noWait.out()).startsWith("rebuild rbd_").contains("ledger");
        String id = noWait.out().split(" ")[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> !JSON.readTree(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server + "/api/v1/audit/rebuilds/" + id))
                           .header("Authorization", "Bearer " + LauncherWithAudit.ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("status").asText().matches("QUEUED|RUNNING"));

        AuditCliHarness.Run unknown = cli("rebuild", "--projection", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown projection 'nope'").contains("merchant-dashboard");

        AuditCliHarness.Run neither = cli("rebuild");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give --projection NAME (repeatable) or --all");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AuditCliHarness.Run unreachable = AuditCliHarness.run("rebuild", "--all", "--server",
                                                              "http://localhost:" + closedPort, "--api-key",
                                                              LauncherWithAudit.ADMIN_KEY);
        assertThat(unreachable.exitCode()).isEqualTo(3);
        assertThat(unreachable.err()).contains("cannot reach Tally");
    }

    private AuditCliHarness.Run cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server";
        all[args.length + 1] = server;
        all[args.length + 2] = "--api-key";
        all[args.length + 3] = LauncherWithAudit.ADMIN_KEY;
        return AuditCliHarness.run(all);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
