package dev.tally.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The query side deployed alone (with Axon Server as the bus); the launcher in infra/ runs everything in one JVM. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class QuerySideApplication {
    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
