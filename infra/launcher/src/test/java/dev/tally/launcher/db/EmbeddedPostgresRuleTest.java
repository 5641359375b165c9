package dev.tally.launcher.db;

import dev.tally.platform.db.PlatformDefaultsEnvironmentPostProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When {@code auto} counts a database as configured, and what it probes. */
class EmbeddedPostgresRuleTest {

    @Test
    void onlyTallysOwnDefaultIsNotAConfiguredDatabase() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addLast(new MapPropertySource(
                PlatformDefaultsEnvironmentPostProcessor.SOURCE_NAME,
                Map.of("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/tally")));
        assertThat(EmbeddedPostgresFirstRun.databaseConfigured(environment)).isFalse();

        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs",
                Map.of("spring.datasource.url", "jdbc:postgresql://db.internal:5432/tally")));
        assertThat(EmbeddedPostgresFirstRun.databaseConfigured(environment)).isTrue();

        StandardEnvironment withVariable = new StandardEnvironment();
        withVariable.getPropertySources().addFirst(new MapPropertySource("env",
                Map.of("TALLY_DB_URL", "jdbc:postgresql://db.internal:5432/tally")));
        assertThat(EmbeddedPostgresFirstRun.databaseConfigured(withVariable)).isTrue();
    }

    @Test
    void aServerIsProbedAtTheUrlsHostAndPort() throws Exception {
        try (ServerSocket listening = new ServerSocket(0)) {
            assertThat(EmbeddedPostgresFirstRun.answers("jdbc:postgresql://127.0.0.1:" + listening.getLocalPort()
                                                        + "/tally")).isTrue();
        }
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        assertThat(EmbeddedPostgresFirstRun.answers("jdbc:postgresql://127.0.0.1:" + free + "/tally")).isFalse();
    }

    @Test
    void theModeIsAutoAlwaysOrNever() {
        assertThat(EmbeddedPostgresFirstRun.mode(" Always ")).isEqualTo(EmbeddedPostgresFirstRun.Mode.ALWAYS);
        assertThatThrownBy(() -> EmbeddedPostgresFirstRun.mode("sometimes"))
                .hasMessage("tally.db.embedded must be auto, always or never, not 'sometimes'");
    }
}
