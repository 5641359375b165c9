package dev.tally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run and the markdown they are written as. */
final class Report {
    private final List<String> machine = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();
    private final List<String> detail = new ArrayList<>();
    private int met;
    private int targets;

    void machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        long memKiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                           .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        machine.add(Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                    + Math.round(memKiB / 1024.0 / 1024.0) + " GiB, Java " + System.getProperty("java.version")
                    + ", " + postgresVersion() + "; load generator, launcher and PostgreSQL on the same machine");
    }

    void append(double appends, double rawInserts) {
        row("Axon append of new aggregates (1 KiB event, own transaction), 8 clients", rate(appends),
            "pgbench single-row INSERT of a 1 KiB row, 8 clients: " + rate(rawInserts), ratio(appends, rawInserts),
            "—", null);
    }

    void create(Map<String, Load.Result> results, Load.Result paced, double rawInserts) {
        Load.Result one = results.get("1/1");
        row("`POST /api/v1/invoices`, 1 connection, p50", ms(one.latencies().percentileMillis(50)), "—", "—",
            "p50 ≤ 15 ms", one.latencies().percentileMillis(50) <= 15);
        Load.Result sixteen = results.get("16/1");
        row("same, 16 connections, throughput", rate(sixteen.perSecond()),
            "pgbench single-row INSERT, 8 clients: " + rate(rawInserts), ratio(sixteen.perSecond(), rawInserts),
            "≥ 35 % of raw", sixteen.perSecond() >= 0.35 * rawInserts);
        row("same, at 70 % of the peak rate (" + rate(paced.perSecond()) + "), p99",
            ms(paced.latencies().percentileMillis(99)), "—", "—", "p99 ≤ 50 ms",
            paced.latencies().percentileMillis(99) <= 50);
        detail.add("### Create invoice, per connections and merchants\n");
        detail.add("| connections | merchants | requests/s | p50 | p99 | non-201 |");
        detail.add("|---|---|---|---|---|---|");
        results.forEach((key, result) -> {
            String[] parts = key.split("/");
            detail.add("| " + parts[0] + " | " + parts[1] + " | " + rate(result.perSecond()) + " | "
                       + ms(result.latencies().percentileMillis(50)) + " | "
                       + ms(result.latencies().percentileMillis(99)) + " | " + result.errors() + " |");
        });
        detail.add("| paced at 70 % of the peak | 100 | " + rate(paced.perSecond()) + " | "
                   + ms(paced.latencies().percentileMillis(50)) + " | " + ms(paced.latencies().percentileMillis(99))
                   + " | " + paced.errors() + " |");
        detail.add("");
    }

    void health(Load.Result result) {
        row("`GET /actuator/health`, 16 connections", rate(result.perSecond()), "—", "—", "≥ 5 000/s",
            result.perSecond() >= 5000);
    }

    void lifecycles(int count, double seconds, Latencies thresholdToSettled) {
        double perSecond = count / seconds;
        row("full lifecycles (create, sandbox pay, SETTLED), " + count + " in a burst, from the first create to the "
            + "last settled", rate(perSecond)
            + " settled", "—", "—", "≥ 300/s", perSecond >= 300);
        double p99 = thresholdToSettled.percentileMillis(99);
        row("payment confirmed → settlement completed (" + thresholdToSettled.count() + " invoices), p50 / p99",
            ms(thresholdToSettled.percentileMillis(50)) + " / " + ms(p99), "—", "—", "p99 ≤ 250 ms", p99 <= 250);
    }

    void rebuild(long events, Map<String, Double> rates, double overall, double copyRowsPerSecond) {
        row("rebuild of all " + rates.size() + " projections, " + String.format(Locale.ROOT, "%,d", events)
            + " events each (events read by all projections over the whole rebuild's time)", rate(overall)
            + " events", "`COPY` of the event table: " + rate(copyRowsPerSecond) + " rows",
            ratio(overall, copyRowsPerSecond), "≥ 25 % of raw", overall >= 0.25 * copyRowsPerSecond);
        double slowest = rates.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        row("slowest projection's rebuild", rate(slowest) + " events", "`COPY`: " + rate(copyRowsPerSecond)
            + " rows", ratio(slowest, copyRowsPerSecond), "—", null);
        detail.add("### Rebuild, per projection\n");
        detail.add("| projection | events/s |");
        detail.add("|---|---|");
        rates.forEach((name, rate) -> detail.add("| " + name + " | " + rate(rate) + " |"));
        detail.add("");
    }

    void storeSizes(Map<Long, Load.Result> results) {
        detail.add("### Create invoice at growing store sizes (1 connection)\n");
        detail.add("| stored events | p50 | p99 |");
        detail.add("|---|---|---|");
        results.forEach((size, result) -> detail.add("| " + String.format(Locale.ROOT, "%,d", size) + " | "
                + ms(result.latencies().percentileMillis(50)) + " | " + ms(result.latencies().percentileMillis(99))
                + " |"));
        detail.add("");
        if (results.size() > 1) {
            double first = results.values().iterator().next().latencies().percentileMillis(50);
            Map.Entry<Long, Load.Result> last = results.entrySet().stream().reduce((a, b) -> b).orElseThrow();
            double lastP50 = last.getValue().latencies().percentileMillis(50);
            row("create p50 at " + String.format(Locale.ROOT, "%,d", last.getKey()) + " stored events vs at "
                + String.format(Locale.ROOT, "%,d", results.keySet().iterator().next()), ms(lastP50) + " vs "
                + ms(first), "—", "—", "no growth (≤ 1.5×)", lastP50 <= 1.5 * first);
        }
    }

    void tronScan(double[] perBlock, int watched, double scanned, double raw, long detected, long planted) {
        String blocks = String.format(Locale.ROOT, "%.0f transactions, %.0f USDT transfers", perBlock[0], perBlock[1]);
        row("Tron scanner, mainnet-shaped blocks (" + blocks + " a block), " + watched + " watched addresses; "
            + detected + " of the " + planted + " payments planted found", blocks(scanned),
            "trident fetch loop, block and infos, 1 thread: " + blocks(raw), ratio(scanned, raw),
            "≥ 33 blocks/s (100× real time) and ≥ 70 % of raw",
            scanned >= 33 && scanned >= 0.7 * raw && detected == planted);
    }

    void memory(long peakRssMiB) {
        row("peak RSS of the launcher over the whole run (" + String.join(" ", Launcher.JVM_OPTIONS)
            + ", MALLOC_ARENA_MAX=" + Launcher.MALLOC_ARENA_MAX + ")",
            peakRssMiB + " MiB", "—", "—", "≤ 768 MiB", peakRssMiB <= 768);
    }

    void write(Path file) throws IOException {
        List<String> text = new ArrayList<>();
        text.add("# Benchmarks");
        text.add("");
        text.add("Measured by the benchmark module (`infra/bench`) against the real launcher (`java -jar tally.jar`, "
                 + "rate limits off, sandbox blocks every 250 ms) on a fresh database of the local PostgreSQL. "
                 + "Every figure stands beside the raw limit of the same machine, measured in the same run. No "
                 + "test asserts a timing; this file is how speed is watched.");
        text.add("");
        text.add("Rerun (from the repository's root, with PostgreSQL on 127.0.0.1:5432; about 12 minutes):");
        text.add("");
        text.add("```bash");
        text.add("./mvnw -B -DskipTests -pl infra/launcher,infra/bench -am package && java -jar infra/bench/target/tally-bench.jar");
        text.add("```");
        text.add("");
        text.add("It rewrites this file. Options: `--seconds=10` per measurement, `--sizes=10000,100000` stored "
                 + "events for the growth test (`1000000` too: the launcher then needs more heap than a 1 GiB "
                 + "container's, see docs/operations.md), `--db=127.0.0.1:5432`, `--out=docs/benchmarks.md`, "
                 + "`--blocks=1000` Tron blocks scanned, `--paid-every=100` (one block in that many pays an "
                 + "invoice), "
                 + "`--phases=create,health,lifecycles,rebuild,sizes,scan` (some of them only, while tuning one "
                 + "path).");
        text.add("");
        text.add("## Run of " + LocalDate.now(ZoneOffset.UTC) + ": " + met + " of " + targets + " targets met");
        text.add("");
        text.add("Machine: " + String.join("; ", machine) + ".");
        text.add("");
        text.add("| what | measured | raw limit in the same run | ratio | target | met |");
        text.add("|---|---|---|---|---|---|");
        text.addAll(rows);
        text.add("");
        text.addAll(detail);
        Files.write(file, text);
    }

    private void row(String what, String measured, String raw, String ratio, String target, Boolean ok) {
        if (ok != null) {
            targets++;
            if (ok) {
                met++;
            }
        }
        rows.add("| " + what + " | " + measured + " | " + raw + " | " + ratio + " | " + target + " | "
                 + (ok == null ? "" : ok ? "yes" : "**no**") + " |");
    }

    private static String blocks(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f blocks/s", perSecond);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.1f ms" : "%.0f ms", millis);
    }

    private static String ratio(double value, double raw) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * value / raw);
    }

    private static String postgresVersion() {
        try {
            Process process = new ProcessBuilder("psql", "--version").redirectErrorStream(true).start();
            return new String(process.getInputStream().readAllBytes()).strip().replace("psql (PostgreSQL) ", "PostgreSQL ");
        } catch (IOException e) {
            return "PostgreSQL";
        }
    }
}
