package dev.tally.watcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The chain watcher deployed alone: its observations go to the command side over Kafka ({@code tally.transport}), the
 * commands and queries only other services handle over HTTP ({@code tally.remote.peers}); the launcher in infra/
 * runs everything in one JVM.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ChainWatcherApplication {
    public static void main(String[] args) {
        SpringApplication.run(ChainWatcherApplication.class, args);
    }
}
