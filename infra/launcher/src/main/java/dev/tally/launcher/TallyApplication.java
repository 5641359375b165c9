package dev.tally.launcher;

import dev.tally.launcher.cli.AuditCli;
import dev.tally.signer.KeystoreCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * All of Tally in one JVM: command side, saga coordinator, query side and chain watcher, each pulled in as a library
 * by its auto-configuration, over Axon's local buses and one PostgreSQL database.
 */
@SpringBootApplication
public class TallyApplication {
    public static void main(String[] args) {
        if (args.length > 0 && AuditCli.COMMAND.equals(args[0])) {
            // The auditor CLI (docs/audit.md) is an HTTP client of a running Tally: no server starts here.
            System.exit(AuditCli.run(args));
        }
        if (args.length > 0 && KeystoreCli.COMMAND.equals(args[0])) {
            // The signer's keystore tool (docs/payouts.md): no server starts here either.
            System.exit(KeystoreCli.run(args));
        }
        SpringApplication.run(TallyApplication.class, args);
    }
}
