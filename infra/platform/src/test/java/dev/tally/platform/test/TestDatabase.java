package dev.tally.platform.test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A PostgreSQL database of a test's own: created empty, dropped afterwards. The server is the one at
 * {@code TALLY_TEST_DB_HOST} (default 127.0.0.1:5432) as {@code TALLY_TEST_DB_USER} (default postgres).
 */
public final class TestDatabase implements AutoCloseable {
    private static final String HOST = env("TALLY_TEST_DB_HOST", "127.0.0.1:5432");
    private static final String USER = env("TALLY_TEST_DB_USER", "postgres");
    private static final String PASSWORD = env("TALLY_TEST_DB_PASSWORD", "");

    private final String name;
    private boolean dropped;

    private TestDatabase(String name) {
        this.name = name;
    }

    public static TestDatabase create() {
        String name = "tally_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                                          .toLowerCase(Locale.ROOT);
        execute("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String url() {
        return "jdbc:postgresql://" + HOST + "/" + name;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** A connection pool of {@code size} on this database; the caller closes it. */
    public HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setUsername(user());
        config.setPassword(password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    /** Drops the database, closing whatever connections are still open on it. */
    @Override
    public synchronized void close() {
        if (!dropped) {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            dropped = true;
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres", USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + " is needed for the tests: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
