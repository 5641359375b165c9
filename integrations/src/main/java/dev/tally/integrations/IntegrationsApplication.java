package dev.tally.integrations;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The integrations service deployed alone, on the event store's database; the launcher runs it with the rest. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class IntegrationsApplication {
    public static void main(String[] args) {
        SpringApplication.run(IntegrationsApplication.class, args);
    }
}
