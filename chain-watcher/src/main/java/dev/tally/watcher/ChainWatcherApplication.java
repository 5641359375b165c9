package dev.tally.watcher;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The chain watcher deployed alone: its observations go to the command side over Kafka ({@code tally.transport});
 * its jar carries the command side's aggregates without the write API, and the signer, so that money out records
 * its outcomes in its own transactions. The invoices its sandbox reads are the query side's, asked over HTTP
 * ({@code tally.remote.peers}). The launcher in infra/ runs everything in one JVM.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ChainWatcherApplication {
    /** The command side's {@code tally.write-api.enabled}: its controllers are the command side's to serve. */
    static final String WRITE_API = "tally.write-api.enabled";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ChainWatcherApplication.class);
        application.setDefaultProperties(Map.of(WRITE_API, "false"));
        application.run(args);
    }
}
