package dev.tally.launcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the auditor CLI in-process with captured output (the CLI's entry point is package-private on purpose). */
public final class AuditCliHarness {
    public record Run(int exitCode, String out, String err) {
    }

    private AuditCliHarness() {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AuditCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }
}
