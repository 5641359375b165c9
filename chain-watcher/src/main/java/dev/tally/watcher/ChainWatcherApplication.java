package dev.tally.watcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The chain-watcher deployed alone; the launcher in infra/ runs everything in one JVM. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ChainWatcherApplication {
    public static void main(String[] args) {
        SpringApplication.run(ChainWatcherApplication.class, args);
    }
}
