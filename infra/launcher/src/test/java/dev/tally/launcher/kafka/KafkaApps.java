package dev.tally.launcher.kafka;

import dev.tally.platform.test.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts Tally's Spring Boot applications against a test database and a Kafka broker, as a deployment would. */
final class KafkaApps {
    private KafkaApps() {
    }

    /**
     * Runs {@code application} with {@code tally.transport=kafka}. Settings go in as command-line arguments, which
     * win over application.yml (as the environment of a real process would).
     */
    static ConfigurableApplicationContext start(Class<?> application, TestDatabase database, String bootstrapServers,
                                                String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--server.port=0",
                // PostgreSQL's connections are shared by every test JVM on the machine: take fewer than the default
                "--spring.datasource.hikari.maximum-pool-size=10",
                "--tally.transport=kafka",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                // A broker that is away is what these tests are about; its clients' reconnect warnings are not.
                "--logging.level.org.apache.kafka=warn",
                "--logging.level.org.apache.kafka.clients.NetworkClient=error",
                "--logging.level.kafka=warn",
                "--logging.level.state.change.logger=warn"));
        args.addAll(Arrays.asList(settings));
        return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
    }
}
