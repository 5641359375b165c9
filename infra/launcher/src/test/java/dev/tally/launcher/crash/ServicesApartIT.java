package dev.tally.launcher.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.ChildProcesses;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query side deployed alone, as its own executable jar ({@code java -jar tally-query-side-<version>-exec.jar}),
 * beside a launcher node on one database. Nothing passes between the two processes but the database: the query side
 * authenticates the merchant's keys from the credentials table the node's command side writes, serves the
 * merchant's invoices and dashboard, and streams a customer's payment page to its end, while the node takes the
 * writes. A key revoked on the node stops working on the query side (its key cache is off here), and a key nobody
 * issued never worked there.
 */
class QuerySideApartTest {
    private static final String ADMIN_KEY = "tly_admin_query_side_apart_0123456789ab";
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** Where the build puts the query side's executable jar for these tests (the launcher's pom copies it). */
    private static final Path JAR = Path.of("target", "services", "tally-query-side.jar");

    @Test
    void theQuerySideAloneAuthenticatesFromTheSharedCredentialsAndServesWhatTheNodeWrote() throws Exception {
        assertThat(JAR).as("the query side's executable jar, from the build").isRegularFile();
        Path logs = Files.createDirectories(Path.of("target", "crash-harness"));
        try (TestDatabase database = TestDatabase.create()) {
            List<String> settings = CrashSafetyTest.settings(database, ADMIN_KEY);
            LauncherProcess node = new LauncherProcess(ChildProcesses.freePort(),
                                                       logs.resolve("apart-node.log"), settings);
            List<String> querySettings = new ArrayList<>(settings);
            querySettings.add("--tally.security.api-key-cache.ttl=0");
            LauncherProcess querySide = LauncherProcess.ofJar(JAR, ChildProcesses.freePort(),
                                                              logs.resolve("apart-query-side.log"), querySettings);
            List<LiveStream> streams = new ArrayList<>();
            try {
                node.start();
                querySide.start();
                HttpApi writes = node.api();
                HttpApi reads = querySide.api();

                String merchantKey = writes.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Apart\"}").json()
                                           .get("testApiKey").asText();
                Answer created = writes.post("/api/v1/invoices", merchantKey,
                                             HttpApi.json(Map.of("amount", "4.00", "asset", "USDT", "chain", "tron",
                                                                 "orderId", "apart-1")), "apart-1");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                String id = created.json().get("id").asText();

                // The merchant's key works on the query side, which never saw it issued.
                await("the invoice on the query side").atMost(PATIENCE).until(
                        () -> reads.get("/api/v1/invoices/" + id, merchantKey).status() == 200);
                JsonNode invoice = reads.get("/api/v1/invoices/" + id, merchantKey).json();
                assertThat(invoice.get("amount").asText()).isEqualTo("4.00");
                assertThat(reads.get("/api/v1/invoices/" + id, "tly_test_" + "0".repeat(43)).status())
                        .as("a key nobody issued").isEqualTo(401);
                // It has no write endpoints: the node takes those.
                Answer write = reads.post("/api/v1/invoices", merchantKey, "{}", "apart-2");
                assertThat(write.status()).as(write.body()).isEqualTo(405);
                assertThat(write.contentType()).startsWith("application/problem+json");
                // Its OpenAPI document lists what it serves, for the balancer's routes.
                JsonNode paths = reads.get("/v3/api-docs", null).json().get("paths");
                assertThat(paths.has("/api/v1/dashboard/stream")).isTrue();
                assertThat(paths.path("/api/v1/invoices").has("get")).isTrue();
                assertThat(paths.path("/api/v1/invoices").has("post")).isFalse();
                assertThat(paths.has("/api/v1/merchants")).isFalse();

                LiveStream page = LiveStream.open(() -> reads, "/api/v1/public/invoices/" + id + "/stream", null);
                streams.add(page);
                await("the page streaming from the query side").atMost(PATIENCE)
                        .until(() -> page.lines().contains("event:invoice"));
                assertThat(writes.post("/api/v1/sandbox/invoices/" + id + "/pay", merchantKey, "{}").status())
                        .isEqualTo(202);
                await("the page on the query side ends settled").atMost(PATIENCE).until(page::ended);
                assertThat(page.lines().stream().filter(line -> line.startsWith("data:{\"id\"")).toList())
                        .last().asString().contains("\"status\":\"SETTLED\"");
                await("the settled volume on the query side's dashboard").atMost(PATIENCE).until(
                        () -> reads.get("/api/v1/dashboard", merchantKey).body().contains("\"grossVolume\":\"4.00\""));

                // A second key, revoked on the node: refused on the query side from then on.
                JsonNode second = writes.post("/api/v1/api-keys", merchantKey, "{\"name\":\"second\"}").json();
                String secondKey = second.get("apiKey").asText();
                assertThat(reads.get("/api/v1/invoices/" + id, secondKey).status()).isEqualTo(200);
                assertThat(writes.send("DELETE", "/api/v1/api-keys/" + second.get("id").asText(), merchantKey, null)
                                 .status()).isEqualTo(200);
                assertThat(reads.get("/api/v1/invoices/" + id, secondKey).status()).isEqualTo(401);
                assertThat(reads.get("/api/v1/invoices/" + id, merchantKey).status()).isEqualTo(200);
            } finally {
                streams.forEach(LiveStream::close);
                querySide.stop();
                node.stop();
            }
        }
    }
}
