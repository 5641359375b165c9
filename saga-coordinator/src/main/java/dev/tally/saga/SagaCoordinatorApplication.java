package dev.tally.saga;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The saga coordinator deployed alone. Its jar carries the command side's aggregates without the write API: a
 * saga's commands are decided in its own transaction, on the shared event store, as in the launcher. The launcher in
 * infra/ runs everything in one JVM.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SagaCoordinatorApplication {
    /** The command side's {@code tally.write-api.enabled}: its controllers are the command side's to serve. */
    static final String WRITE_API = "tally.write-api.enabled";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(SagaCoordinatorApplication.class);
        application.setDefaultProperties(Map.of(WRITE_API, "false"));
        application.run(args);
    }
}
