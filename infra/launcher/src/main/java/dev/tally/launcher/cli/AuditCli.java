package dev.tally.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/**
 * The auditor's command line, shipped in the launcher: {@code java -jar tally.jar audit <command>}. An HTTP client
 * of a running Tally's audit API (docs/audit.md); nothing starts locally. Exit codes: 0 done, 1 a finding (not
 * found, chain broken, checkpoint no longer holds), 2 bad input, 3 server unreachable, 4 server error.
 */
@Command(name = "tally audit", mixinStandardHelpOptions = true,
        description = "Read, export and verify Tally's event history, and rebuild its read models (no fact changes).",
        subcommands = {AuditCli.History.class, AuditCli.State.class, AuditCli.Export.class, AuditCli.Verify.class,
                AuditCli.Checkpoint.class, AuditCli.Rebuild.class})
public final class AuditCli implements Callable<Integer> {
    public static final String COMMAND = "audit";
    static final int OK = 0;
    static final int FINDING = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;
    static final int SERVER_ERROR = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs {@code args} as given to the launcher (starting with "audit"); returns the exit code. */
    public static int run(String[] args) {
        return execute(Arrays.copyOfRange(args, 1, args.length), new PrintWriter(System.out, true),
                       new PrintWriter(System.err, true));
    }

    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new AuditCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliFailure failure) {
                err.println("error: " + failure.getMessage());
                err.flush();
                return failure.exitCode();
            }
            err.println("error: " + e);
            err.flush();
            return SERVER_ERROR;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            err.println("error: " + e.getMessage());
            e.getCommandLine().usage(err);
            err.flush();
            return USAGE;
        });
        int exit = cli.execute(args);
        out.flush();
        return exit;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return USAGE;
    }

    /** Where the server is and which key to use; by default from the environment. */
    static final class Connection {
        @Option(names = "--server", defaultValue = "${env:TALLY_URL:-http://localhost:8080}",
                description = "Tally's base URL (default: $TALLY_URL or ${DEFAULT-VALUE})")
        String server;

        @Option(names = "--api-key", defaultValue = "${env:TALLY_API_KEY}",
                description = "an auditor, admin or merchant (audit:read) key (default: $TALLY_API_KEY)")
        String apiKey;

        AuditClient client() {
            return new AuditClient(server, apiKey);
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every event of one aggregate, in order, with who caused it.")
    static final class History implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Parameters(index = "0", description = "invoices, payments, settlements or merchants")
        String type;
        @Parameters(index = "1", description = "the aggregate's id, e.g. inv_…")
        String id;
        @Option(names = "--json", description = "print the events as JSON")
        boolean json;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode events = connection.client().getJson("/api/v1/audit/" + path(aggregateType(type)) + "/"
                                                          + path(id) + "/events");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(events.toPrettyString());
                return OK;
            }
            out.printf("%-5s %-10s %-30s %-26s %s%n", "SEQ", "INDEX", "TIMESTAMP", "TYPE", "PRINCIPAL");
            for (JsonNode event : events) {
                String type = event.path("type").asText();
                out.printf("%-5d %-10d %-30s %-26s %s%n", event.path("sequenceNumber").asLong(),
                           event.path("globalIndex").asLong(), event.path("timestamp").asText(),
                           type.substring(type.lastIndexOf('.') + 1) + " r" + event.path("revision").asText(),
                           event.path("metadata").path("principal").asText("-"));
            }
            return OK;
        }
    }

    @Command(name = "state", mixinStandardHelpOptions = true,
            description = "An invoice's, payment's or settlement's state as of an instant, rebuilt from its events.")
    static final class State implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Parameters(index = "0", description = "invoices, payments or settlements")
        String type;
        @Parameters(index = "1", description = "the aggregate's id")
        String id;
        @Option(names = "--as-of", description = "ISO-8601 instant, inclusive (default: now)")
        String asOf;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String query = asOf == null ? "" : "?asOf=" + path(instant("--as-of", asOf).toString());
            JsonNode state = connection.client().getJson("/api/v1/audit/" + path(aggregateType(type)) + "/"
                                                         + path(id) + "/state" + query);
            spec.commandLine().getOut().println(state.toPrettyString());
            return OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "The global event stream to a file, as NDJSON or CSV, streamed.")
    static final class Export implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Option(names = {"-o", "--output"}, required = true, description = "the file to write")
        Path output;
        @Option(names = "--format", defaultValue = "ndjson", description = "ndjson or csv (default ${DEFAULT-VALUE})")
        String format;
        @Option(names = "--from-index", description = "first global index, inclusive")
        Long fromIndex;
        @Option(names = "--to-index", description = "last global index, inclusive")
        Long toIndex;
        @Option(names = "--from", description = "first instant, ISO-8601, inclusive")
        String from;
        @Option(names = "--to", description = "last instant, ISO-8601, inclusive")
        String to;
        @Option(names = "--type", description = "only events of this type, e.g. InvoiceCreated")
        String type;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!format.equals("ndjson") && !format.equals("csv")) {
                throw new CliFailure(USAGE, "--format must be ndjson or csv, not '" + format + "'");
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("format", format);
            if (fromIndex != null) {
                params.put("fromIndex", fromIndex.toString());
            }
            if (toIndex != null) {
                params.put("toIndex", toIndex.toString());
            }
            if (from != null) {
                params.put("from", instant("--from", from).toString());
            }
            if (to != null) {
                params.put("to", instant("--to", to).toString());
            }
            if (type != null) {
                params.put("type", type);
            }
            StringJoiner query = new StringJoiner("&", "?", "");
            params.forEach((k, v) -> query.add(k + "=" + path(v)));
            Long total = fromIndex != null && toIndex != null ? Math.max(0, toIndex - fromIndex + 1) : null;
            Progress progress = new Progress(spec.commandLine().getErr(), "events", total);
            long events = 0;
            try (InputStream in = connection.client().stream("/api/v1/audit/events" + query);
                 OutputStream file = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
                byte[] buffer = new byte[1 << 16];
                boolean header = format.equals("csv");
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    file.write(buffer, 0, read);
                    for (int i = 0; i < read; i++) {
                        if (buffer[i] == '\n') {
                            if (header) {
                                header = false;
                            } else {
                                events++;
                            }
                        }
                    }
                    progress.update(events);
                }
            }
            progress.finish(events);
            spec.commandLine().getOut().printf("exported %d events to %s%n", events, output);
            return OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-read the event stream and recompute the hash chain; report the first broken link.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Option(names = "--from-index", description = "first global index (default: the first event)")
        Long fromIndex;
        @Option(names = "--to-index", description = "last global index (default: the chain's head)")
        Long toIndex;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ObjectNode range = AuditClient.JSON.createObjectNode();
            if (fromIndex != null) {
                range.put("fromIndex", fromIndex);
            }
            if (toIndex != null) {
                range.put("toIndex", toIndex);
            }
            spec.commandLine().getErr().println("verifying the hash chain (this re-reads every event in range)…");
            JsonNode result = connection.client().postJson("/api/v1/audit/verify", range.toString());
            return report(result, spec.commandLine().getOut());
        }

        static int report(JsonNode result, PrintWriter out) {
            if (result.path("intact").asBoolean()) {
                out.printf("intact: %d events checked, global index %d to %d, head digest %s%n",
                           result.path("eventsChecked").asLong(), result.path("fromIndex").asLong(),
                           result.path("toIndex").asLong(), result.path("headDigest").asText("-"));
                return OK;
            }
            JsonNode broken = result.path("firstBroken");
            out.printf("BROKEN at global index %d: %s%n  expected %s%n  found    %s%n",
                       broken.path("globalIndex").asLong(), broken.path("reason").asText(),
                       broken.path("expected").asText("-"), broken.path("found").asText("-"));
            return FINDING;
        }
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = "Signed checkpoints of the hash chain: fetch one to record, or re-check a recorded one.",
            subcommands = {Checkpoint.Latest.class, Checkpoint.Check.class})
    static final class Checkpoint implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return USAGE;
        }

        @Command(name = "latest", mixinStandardHelpOptions = true, description = "Fetch a signed checkpoint of the head.")
        static final class Latest implements Callable<Integer> {
            @Mixin
            Connection connection;
            @Option(names = {"-o", "--output"}, description = "also write it to this file, to keep")
            Path output;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws IOException {
                JsonNode checkpoint = connection.client().getJson("/api/v1/audit/checkpoints/latest");
                if (output != null) {
                    Files.writeString(output, checkpoint.toPrettyString());
                }
                spec.commandLine().getOut().println(checkpoint.toPrettyString());
                return OK;
            }
        }

        @Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-check a recorded checkpoint file.")
        static final class Check implements Callable<Integer> {
            @Mixin
            Connection connection;
            @Parameters(index = "0", description = "the checkpoint file written by 'checkpoint latest -o'")
            Path file;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                String checkpoint;
                try {
                    checkpoint = AuditClient.JSON.readTree(Files.readString(file)).toString();
                } catch (IOException e) {
                    throw new CliFailure(USAGE, "cannot read a checkpoint from " + file + ": " + e.getMessage());
                }
                JsonNode result = connection.client().postJson("/api/v1/audit/checkpoints/verify", checkpoint);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("signature valid: %s, signed by this server: %s, digest matches: %s%n",
                           result.path("signatureValid").asBoolean(), result.path("signedByThisServer").asBoolean(),
                           result.path("digestMatches").asBoolean());
                int chain = Verify.report(result.path("chain"), out);
                boolean valid = result.path("valid").asBoolean();
                out.println(valid ? "checkpoint holds" : "checkpoint does NOT hold");
                return valid && chain == OK ? OK : FINDING;
            }
        }
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Rebuild read models from the event store while the old ones keep serving; shows progress.")
    static final class Rebuild implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Option(names = "--projection", paramLabel = "NAME",
                description = "a projection to rebuild (repeatable), e.g. merchant-dashboard")
        List<String> projections;
        @Option(names = "--all", description = "rebuild every projection, one after another")
        boolean all;
        @Option(names = "--no-wait", description = "start it, print its id and return")
        boolean noWait;
        @Option(names = "--poll-interval", defaultValue = "500", paramLabel = "MILLIS", hidden = true)
        long pollMillis;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            boolean named = projections != null && !projections.isEmpty();
            if (named == all) {
                throw new CliFailure(USAGE, "give --projection NAME (repeatable) or --all");
            }
            ObjectNode request = AuditClient.JSON.createObjectNode();
            if (all) {
                request.put("all", true);
            } else {
                projections.forEach(request.putArray("projections")::add);
            }
            AuditClient client = connection.client();
            JsonNode started = client.postJson("/api/v1/audit/rebuilds", request.toString());
            String id = started.path("id").asText();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (noWait) {
                out.printf("rebuild %s %s: %s%n", id, started.path("status").asText(), names(started));
                return OK;
            }
            err.printf("rebuild %s: %s%n", id, names(started));
            JsonNode status = started;
            Set<String> shown = new HashSet<>();
            String current = null;
            Progress bar = null;
            while (true) {
                for (JsonNode projection : status.path("projections")) {
                    String name = projection.path("name").asText();
                    String state = projection.path("status").asText();
                    if (state.equals("QUEUED") || shown.contains(name)) {
                        continue;
                    }
                    long done = projection.path("eventsDone").asLong();
                    long total = projection.path("eventsTotal").asLong();
                    if (!name.equals(current) || bar == null) {
                        if (total == 0 && state.equals("RUNNING")) {
                            break; // not counted yet: draw it at the next look
                        }
                        err.println(name);
                        bar = new Progress(err, "events", total > 0 ? total : null);
                        current = name;
                    }
                    if (state.equals("RUNNING")) {
                        bar.update(done);
                        break;
                    }
                    bar.finish(done);
                    shown.add(name);
                    if (state.equals("FAILED")) {
                        err.println("  failed: " + projection.path("error").asText());
                    }
                }
                String overall = status.path("status").asText();
                if (overall.equals("SUCCEEDED") || overall.equals("FAILED")) {
                    break;
                }
                Thread.sleep(pollMillis);
                status = client.getJson("/api/v1/audit/rebuilds/" + path(id));
            }
            if (status.path("status").asText().equals("FAILED")) {
                throw new CliFailure(SERVER_ERROR, "rebuild " + id + " failed; the failed projections keep their "
                                                   + "old rows (see above)");
            }
            out.printf("rebuilt %d projection%s from %,d events: %s%n", status.path("projections").size(),
                       status.path("projections").size() == 1 ? "" : "s", maxTotal(status), names(status));
            return OK;
        }

        private static String names(JsonNode status) {
            List<String> names = new ArrayList<>();
            status.path("projections").forEach(p -> names.add(p.path("name").asText()));
            return String.join(", ", names);
        }

        private static long maxTotal(JsonNode status) {
            long max = 0;
            for (JsonNode projection : status.path("projections")) {
                max = Math.max(max, projection.path("eventsTotal").asLong());
            }
            return max;
        }
    }

    private static String aggregateType(String type) {
        if (!type.matches("invoices|payments|settlements|merchants")) {
            throw new CliFailure(USAGE, "unknown aggregate type '" + type
                                        + "': use invoices, payments, settlements or merchants");
        }
        return type;
    }

    private static Instant instant(String option, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                throw new CliFailure(USAGE, "malformed date for " + option + ": '" + value
                                            + "'; use ISO-8601 such as 2026-01-31T12:00:00Z");
            }
        }
    }

    private static String path(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
