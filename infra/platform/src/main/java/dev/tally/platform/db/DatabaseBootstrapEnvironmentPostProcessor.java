package dev.tally.platform.db;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * First run: with {@code tally.db.create-if-missing=true} (the launcher's default) the configured
 * PostgreSQL database is created when it does not exist yet; when no server answers, startup stops with a message
 * that says what to start or configure instead of a stack trace about a connection pool.
 */
public class DatabaseBootstrapEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private static final Pattern POSTGRES_URL =
            Pattern.compile("jdbc:postgresql://([^/?]*)/([A-Za-z0-9_\\-]+)(\\?.*)?");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("tally.db.create-if-missing", Boolean.class, false)) {
            return;
        }
        String url = environment.getProperty("spring.datasource.url");
        if (url == null) {
            return;
        }
        Matcher m = POSTGRES_URL.matcher(url);
        if (!m.matches()) {
            return;
        }
        String hostPort = m.group(1);
        String database = m.group(2);
        String params = m.group(3) == null ? "" : m.group(3);
        Properties credentials = new Properties();
        String user = environment.getProperty("spring.datasource.username");
        String password = environment.getProperty("spring.datasource.password");
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        credentials.setProperty("connectTimeout", "5");
        String maintenanceUrl = "jdbc:postgresql://" + hostPort + "/postgres" + params;
        try (Connection connection = DriverManager.getConnection(maintenanceUrl, credentials)) {
            createIfMissing(connection, database);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(
                    "Tally needs PostgreSQL 15+ and could not reach it at " + hostPort + " (" + e.getMessage() + ").\n"
                    + "  Start a local server, for example:  pg_ctlcluster 15 main start\n"
                    + "  or point Tally at yours:           TALLY_DB_URL=jdbc:postgresql://host:5432/tally "
                    + "TALLY_DB_USER=... TALLY_DB_PASSWORD=...", e);
        }
    }

    static void createIfMissing(Connection connection, String database) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement create = connection.createStatement()) {
            // The name matched [A-Za-z0-9_-]+ above; quoted so that case and dashes survive.
            create.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            // Another process created it first.
            if (!"42P04".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    @Override
    public int getOrder() {
        // After application.yml and the platform defaults are in the environment.
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** PostgreSQL is unreachable; the message says what to do. */
    public static class DatabaseUnavailableException extends RuntimeException {
        public DatabaseUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
