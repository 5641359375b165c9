package dev.tally.platform.db;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.sql.DriverManager;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** First run: the launcher creates its database, and says plainly what to do when PostgreSQL is not there. */
class DatabaseBootstrapTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    @Test
    void createsTheConfiguredDatabaseWhenMissingAndLeavesAnExistingOneAlone() throws Exception {
        String name = "tally_test_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        MockEnvironment environment = environment(SERVER + name + "?ApplicationName=tally");
        try {
            new DatabaseBootstrapEnvironmentPostProcessor().postProcessEnvironment(environment, null);
            assertThat(exists(name)).isTrue();
            new DatabaseBootstrapEnvironmentPostProcessor().postProcessEnvironment(environment, null);
            assertThat(exists(name)).isTrue();
        } finally {
            try (var c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                 var s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    @Test
    void doesNothingUnlessAskedTo() throws Exception {
        String name = "tally_test_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        MockEnvironment environment = environment(SERVER + name).withProperty("tally.db.create-if-missing", "false");
        new DatabaseBootstrapEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(exists(name)).isFalse();
    }

    @Test
    void saysWhatToDoWhenNoPostgresqlAnswers() {
        // Port 9 (discard) has no PostgreSQL on this machine.
        MockEnvironment environment = environment("jdbc:postgresql://127.0.0.1:9/tally");
        assertThatThrownBy(() -> new DatabaseBootstrapEnvironmentPostProcessor().postProcessEnvironment(environment, null))
                .isInstanceOf(DatabaseBootstrapEnvironmentPostProcessor.DatabaseUnavailableException.class)
                .hasMessageContaining("127.0.0.1:9")
                .hasMessageContaining("TALLY_DB_URL");
    }

    private static MockEnvironment environment(String url) {
        return new MockEnvironment()
                .withProperty("tally.db.create-if-missing", "true")
                .withProperty("spring.datasource.url", url)
                .withProperty("spring.datasource.username", "postgres")
                .withProperty("spring.datasource.password", "");
    }

    private static boolean exists(String name) throws Exception {
        try (var c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             var s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            try (var rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
