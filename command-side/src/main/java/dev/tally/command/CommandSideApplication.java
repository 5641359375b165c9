package dev.tally.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The command side deployed alone. It needs a distributed query bus (Axon Server) to reach the query side's views;
 * the all-in-one launcher in infra/ is the default way to run Tally.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CommandSideApplication {
    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
