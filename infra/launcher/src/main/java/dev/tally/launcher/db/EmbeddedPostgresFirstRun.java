package dev.tally.launcher.db;

import dev.tally.platform.db.DatabaseBootstrapEnvironmentPostProcessor.DatabaseUnavailableException;
import dev.tally.platform.db.PlatformDefaultsEnvironmentPostProcessor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A first run that needs only a JDK: with no database configured and nothing answering at the default address
 * (127.0.0.1:5432), the launcher starts an embedded PostgreSQL (real binaries from Maven Central) with its data under
 * {@code ~/.tally/postgres}, kept across runs. {@code tally.db.embedded}: {@code auto} (that rule, the default),
 * {@code always}, or {@code never}. A configured database ({@code TALLY_DB_URL} or {@code spring.datasource.url} set
 * anywhere but Tally's defaults) is never replaced in {@code auto}. PostgreSQL refuses to run as root: as root, start-up
 * stops with a message saying what to start instead. The server stops with the JVM; one left behind by a launcher that
 * was killed is stopped before the next start.
 */
public class EmbeddedPostgresFirstRun implements EnvironmentPostProcessor, Ordered {
    public static final String SOURCE_NAME = "tallyEmbeddedPostgres";
    private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/.*");
    /** The source Spring Boot attaches in front of all others, answering for all of them. */
    private static final String ATTACHED_SOURCE = "configurationProperties";

    private final Log log;

    public EmbeddedPostgresFirstRun(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedPostgresFirstRun.class);
    }

    enum Mode { AUTO, ALWAYS, NEVER }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        Mode mode = mode(environment.getProperty("tally.db.embedded", "auto"));
        if (mode == Mode.NEVER) {
            return;
        }
        String url = environment.getProperty("spring.datasource.url", "");
        if (mode == Mode.AUTO && (databaseConfigured(environment) || answers(url))) {
            return;
        }
        if ("root".equals(System.getProperty("user.name"))) {
            throw new DatabaseUnavailableException(
                    "No database is configured and nothing answers at " + hostPort(url) + "; the embedded PostgreSQL "
                    + "cannot start either, because PostgreSQL refuses to run as root.\n"
                    + "  Start a PostgreSQL server, for example:  pg_ctlcluster 15 main start\n"
                    + "  or point Tally at yours:                   TALLY_DB_URL=jdbc:postgresql://host:5432/tally\n"
                    + "  or run Tally as a regular user (tally.db.embedded=" + mode.name().toLowerCase(Locale.ROOT)
                    + ").", null);
        }
        Path directory = Path.of(environment.getProperty("tally.db.embedded-directory",
                                                         System.getProperty("user.home") + "/.tally/postgres"));
        EmbeddedPostgres postgres;
        try {
            stopLeftover(directory.resolve("data"));
            postgres = EmbeddedPostgres.builder()
                                       .setDataDirectory(directory.resolve("data"))
                                       .setCleanDataDirectory(false)
                                       .setOverrideWorkingDirectory(directory.resolve("runtime").toFile())
                                       .setPGStartupWait(Duration.ofSeconds(60))
                                       .start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseUnavailableException(
                    "The embedded PostgreSQL did not start in " + directory + " (" + e.getMessage() + ").\n"
                    + "  Start a PostgreSQL server and set TALLY_DB_URL, or see the log above.", e);
        }
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, Map.of(
                "spring.datasource.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/tally",
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "",
                "tally.db.create-if-missing", "true")));
        log.warn("EMBEDDED POSTGRESQL: " + (mode == Mode.ALWAYS ? "tally.db.embedded=always"
                                                                 : "no database configured and nothing answers at "
                                                                   + hostPort(url))
                 + ", so Tally started its own PostgreSQL on port " + postgres.getPort() + " with its data in "
                 + directory.resolve("data") + " (kept across runs). For anything but trying Tally out, run a "
                 + "PostgreSQL server and set TALLY_DB_URL.");
    }

    /**
     * The server of a launcher that was killed (SIGKILL, a lost terminal) outlives it, holding the data directory: it
     * has no clients left, so it is asked to stop (SIGTERM, PostgreSQL's smart shutdown) before a new one starts.
     */
    private void stopLeftover(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle server = leftover.get();
        log.warn("EMBEDDED POSTGRESQL: the server of an earlier run (pid " + server.pid() + ") still holds " + data
                 + "; stopping it");
        server.destroy();
        try {
            server.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            server.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the earlier server", e);
        } catch (ExecutionException e) {
            throw new IOException("the earlier server did not stop", e);
        }
    }

    static Mode mode(String text) {
        try {
            return Mode.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tally.db.embedded must be auto, always or never, not '" + text + "'");
        }
    }

    /** Whether the datasource URL comes from somewhere else than Tally's own defaults. */
    static boolean databaseConfigured(ConfigurableEnvironment environment) {
        if (environment.getProperty("TALLY_DB_URL") != null) {
            return true;
        }
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!ATTACHED_SOURCE.equals(source.getName()) && source.containsProperty("spring.datasource.url")) {
                return !PlatformDefaultsEnvironmentPostProcessor.SOURCE_NAME.equals(source.getName());
            }
        }
        return false;
    }

    /** Whether anything accepts a connection at the URL's host and port within a second. */
    static boolean answers(String url) {
        Matcher m = HOST_PORT.matcher(url);
        if (!m.matches()) {
            return true; // not a URL this rule can probe: leave it to the datasource
        }
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(m.group(1), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String hostPort(String url) {
        Matcher m = HOST_PORT.matcher(url);
        return m.matches() ? m.group(1) + ":" + (m.group(2) == null ? "5432" : m.group(2)) : url;
    }

    @Override
    public int getOrder() {
        // After the platform's defaults (the default address) and before the database bootstrap, which creates the
        // database in the server chosen here.
        return Ordered.LOWEST_PRECEDENCE - 5;
    }
}
