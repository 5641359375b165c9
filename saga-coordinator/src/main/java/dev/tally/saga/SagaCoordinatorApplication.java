package dev.tally.saga;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The saga coordinator deployed alone: its commands go over HTTP to the command side ({@code tally.remote.peers});
 * the launcher in infra/ runs everything in one JVM.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SagaCoordinatorApplication {
    public static void main(String[] args) {
        SpringApplication.run(SagaCoordinatorApplication.class, args);
    }
}
