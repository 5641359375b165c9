package dev.tally.launcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * All of Tally in one JVM: command side, saga coordinator, query side and chain watcher, each pulled in as a library
 * by its auto-configuration, over Axon's local buses and one PostgreSQL database.
 */
@SpringBootApplication
public class TallyApplication {
    public static void main(String[] args) {
        SpringApplication.run(TallyApplication.class, args);
    }
}
