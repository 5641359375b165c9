package dev.tally.launcher.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.TallyApplication;
import dev.tally.launcher.ChildProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A newcomer with only a JDK: the launcher, run as an unprivileged user ({@code nobody}) with a fresh home directory
 * and no database configured, starts an embedded PostgreSQL with its data under {@code ~/.tally/postgres}: in
 * {@code auto} because nothing answers at the default address (here a free port, as 127.0.0.1:5432 is this machine's
 * server), and it keeps the data for the next run ({@code always}). As root it refuses, saying what to start instead.
 * The machine's PostgreSQL is never touched; the embedded one stops with the launcher.
 */
class EmbeddedPostgresFirstRunTest {
    private static final String ADMIN_KEY = "tly_admin_first_run_test_0123456789abcdef";
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private Path work;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void workDirectory() throws IOException {
        work = Files.createTempDirectory("tally-first-run");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        // A server that a failed run left behind: never leave one on the machine.
        for (ProcessHandle server : postgresOf(work.resolve("home"))) {
            server.destroyForcibly();
            server.onExit().get(30, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void asNobodyWithOnlyAJdkTheLauncherRunsOnAnEmbeddedPostgresThatKeepsItsData() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && new File("/usr/bin/setpriv").canExecute(),
                   "needs root (to become nobody) and setpriv");
        Path home = Files.createDirectories(work.resolve("home"));
        UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(home, users.lookupPrincipalByName("nobody"));
        String classPath = readableClassPath();

        // auto: nothing configured, and nobody listens at the default address.
        int port = ChildProcesses.freePort();
        Process first = start(asNobody(home, classPath, port, "--tally.db.embedded=auto",
                                       "--tally.db.default-address=127.0.0.1:" + ChildProcesses.freePort()),
                               "first-run.log");
        HttpApi api = new HttpApi(port);
        awaitUp(api, first, "first-run.log");
        String merchantKey = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"First run\"}").json()
                                .get("testApiKey").asText();
        JsonNode invoice = api.post("/api/v1/invoices", merchantKey, HttpApi.json(Map.of(
                "amount", "5.00", "asset", "USDT", "chain", "tron", "orderId", "first-run-1")), "first-run-1").json();
        String id = invoice.get("id").asText();
        assertThat(api.post("/api/v1/sandbox/invoices/" + id + "/pay", merchantKey, "{}").status()).isEqualTo(202);
        await().atMost(STARTUP).until(() -> "SETTLED".equals(
                api.get("/api/v1/invoices/" + id, merchantKey).json().path("status").asText()));
        // Killed, as a closed terminal or an IDE's hard stop would: its PostgreSQL outlives it.
        first.destroyForcibly().waitFor();
        assertThat(Files.readString(work.resolve("first-run.log")))
                .contains("EMBEDDED POSTGRESQL: no database configured and nothing answers at 127.0.0.1:")
                .contains(home.resolve(".tally/postgres/data").toString());
        assertThat(home.resolve(".tally/postgres/data/PG_VERSION")).exists();

        // always: the same data directory (the leftover server stopped first), the same invoice, settled.
        Process second = start(asNobody(home, classPath, port, "--tally.db.embedded=always"), "second-run.log");
        awaitUp(api, second, "second-run.log");
        assertThat(api.get("/api/v1/invoices/" + id, merchantKey).json().get("status").asText())
                .isEqualTo("SETTLED");
        stop(second);
        assertThat(Files.readString(work.resolve("second-run.log"))).contains("the server of an earlier run");
        assertThat(postgresOf(home)).as("no PostgreSQL left running").isEmpty();
    }

    /** PostgreSQL processes working on this home's data directory. */
    private static List<ProcessHandle> postgresOf(Path home) {
        String data = home.resolve(".tally/postgres").toString();
        return ProcessHandle.allProcesses()
                            .filter(p -> p.info().commandLine().map(c -> c.contains(data)).orElse(false))
                            .toList();
    }

    @Test
    void asRootItSaysThatPostgresRefusesRootAndWhatToStartInstead() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "runs as root");
        List<String> command = new ArrayList<>(List.of(ChildProcesses.java(), "-cp", ChildProcesses.classPath(),
                TallyApplication.class.getName(), "--server.port=" + ChildProcesses.freePort(),
                "--tally.db.embedded=always",
                "--tally.db.embedded-directory=" + work.resolve("postgres")));
        Process process = start(command, "as-root.log");

        assertThat(process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(Files.readString(work.resolve("as-root.log")))
                .contains("PostgreSQL refuses to run as root")
                .contains("pg_ctlcluster")
                .contains("TALLY_DB_URL");
        assertThat(work.resolve("postgres/data")).doesNotExist();
    }

    private List<String> asNobody(Path home, String classPath, int port, String... settings) {
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--",
                ChildProcesses.java(), "-Xmx640m", "-XX:TieredStopAtLevel=1", "-Duser.home=" + home,
                "-Djava.io.tmpdir=" + home, "-cp", classPath, TallyApplication.class.getName(),
                "--server.port=" + port, "--tally.admin.api-key=" + ADMIN_KEY, "--tally.rate-limits.enabled=false",
                "--tally.sandbox.block-interval=200ms"));
        command.addAll(List.of(settings));
        return command;
    }

    private Process start(List<String> command, String log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                                                            .redirectOutput(work.resolve(log).toFile());
        builder.environment().remove("TALLY_DB_URL");
        builder.environment().put("HOME", command.get(0).equals("/usr/bin/setpriv")
                ? work.resolve("home").toString() : System.getProperty("user.home"));
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private void awaitUp(HttpApi api, Process process, String log) {
        await("the launcher answering (log: " + work.resolve(log) + ")").atMost(STARTUP)
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the launcher exited: " + Files.readString(work.resolve(log)));
                    }
                    return api.get("/actuator/health", null).status() == 200;
                });
    }

    private void stop(Process process) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher stops on SIGTERM").isTrue();
    }

    /** The test class path, linked into the work directory: nobody cannot read root's Maven repository. */
    private String readableClassPath() throws IOException {
        Path target = Files.createDirectories(work.resolve("cp"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : ChildProcesses.classPath().split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = target.resolve((i++) + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                copyTree(source, copy);
            } else {
                try {
                    Files.createLink(copy, source);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(source, copy);
                }
            }
            entries.add(copy.toString());
        }
        try (Stream<Path> all = Files.walk(target)) {
            for (Path path : all.toList()) {
                if (Files.isDirectory(path)) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path copy = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }
}
