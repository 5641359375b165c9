package dev.tally.signer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The signer deployed alone, on the event store's database; the launcher runs it with everything else. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SignerApplication {
    public static void main(String[] args) {
        SpringApplication.run(SignerApplication.class, args);
    }
}
