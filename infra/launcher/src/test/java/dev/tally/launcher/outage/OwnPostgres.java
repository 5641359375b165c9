package dev.tally.launcher.outage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, on a temporary data directory and a free port, that the test may stop and
 * start again (the machine's server is never touched). PostgreSQL refuses to run as root: as root, its commands run
 * as the {@code postgres} user.
 */
final class OwnPostgres implements AutoCloseable {
    private final Path directory;
    private final Path data;
    private final int port;
    private final Path bin;

    private OwnPostgres(Path directory, int port, Path bin) {
        this.directory = directory;
        this.data = directory.resolve("data");
        this.port = port;
        this.bin = bin;
    }

    /** The server binaries of the machine's PostgreSQL, if there are any. */
    static boolean available() {
        return binaries() != null;
    }

    static OwnPostgres start() {
        try {
            Path directory = Files.createTempDirectory("tally-own-postgres-");
            OwnPostgres postgres = new OwnPostgres(directory, freePort(), binaries());
            if (asRoot()) {
                run(List.of("chown", "-R", "postgres:postgres", directory.toString()));
            }
            postgres.command("initdb", "-D", postgres.data.toString(), "-U", "postgres", "--auth=trust",
                             "--no-sync", "-E", "UTF8");
            postgres.startServer();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void startServer() {
        command("pg_ctl", "-D", data.toString(), "-l", directory.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** Stops the server at once (clients are disconnected, as in a crash or a restart of the database). */
    void stopServer() {
        command("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (RuntimeException e) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void command(String program, String... arguments) {
        List<String> line = new ArrayList<>();
        if (asRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.add(bin.resolve(program).toString());
        line.addAll(List.of(arguments));
        run(line);
    }

    private static void run(List<String> line) {
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                           .max(Comparator.naturalOrder()).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
