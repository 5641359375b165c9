package dev.tally.bench;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine's raw limits, measured in the same run: PostgreSQL without Tally. */
final class Raw {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private Raw() {
    }

    /** pgbench: single-row INSERTs of a 1 KiB row into a table with a BIGSERIAL key, {@code clients} clients. */
    static double pgbenchInserts(Database db, int clients, Duration duration, Path workDir) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_raw_insert");
            statement.execute("CREATE TABLE bench_raw_insert (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)");
        }
        Path script = workDir.resolve("insert.sql");
        Files.writeString(script, "INSERT INTO bench_raw_insert (payload) VALUES (repeat('x', 1024));\n");
        Process process = new ProcessBuilder(List.of(pgbench(), "-n", "-c", Integer.toString(clients), "-j",
                Integer.toString(Math.min(clients, Runtime.getRuntime().availableProcessors())), "-T",
                Long.toString(duration.toSeconds()), "-f", script.toString(), "-h", db.host(), "-p",
                Integer.toString(db.port()), "-U", db.user(), db.name()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE bench_raw_insert");
        }
        Matcher matcher = TPS.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no tps in pgbench's output:\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    /** Rows per second of {@code COPY (SELECT * FROM <table>) TO STDOUT}, read by this process and discarded. */
    static double copyRowsPerSecond(Database db, String table) throws SQLException, IOException {
        try (Connection connection = db.connect()) {
            long start = System.nanoTime();
            long rows = connection.unwrap(PGConnection.class).getCopyAPI()
                                  .copyOut("COPY (SELECT * FROM " + table + ") TO STDOUT", OutputStream.nullOutputStream());
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static String pgbench() throws IOException {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable)
                           .max(Path::compareTo).map(Path::toString).orElse("pgbench");
        }
    }

    /** The PostgreSQL server the benchmark runs on, and its database. */
    record Database(String host, int port, String user, String name) {
        String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), user, "");
        }

        Database other(String database) {
            return new Database(host, port, user, database);
        }
    }
}
