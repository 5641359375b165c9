package dev.tally.audit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The audit service deployed alone, on the event store's database; the launcher runs it with everything else. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class AuditApplication {
    public static void main(String[] args) {
        SpringApplication.run(AuditApplication.class, args);
    }
}
