package dev.tally.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The command side deployed alone: the write API and the aggregates. The invoices it reads back are the query
 * side's, asked over HTTP ({@code tally.remote.peers}); the launcher in infra/ runs everything in one JVM.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CommandSideApplication {
    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
