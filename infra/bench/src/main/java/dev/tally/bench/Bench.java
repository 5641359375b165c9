package dev.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.watcher.tron.MainnetShapedBlocks.Block;
import dev.tally.watcher.tron.TronTestNode;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark: the launcher on a fresh database of the local PostgreSQL, each figure beside the raw limit of this
 * machine measured in the same run, written to docs/benchmarks.md. Run from the repository's root:
 * <pre>
 * ./mvnw -B -DskipTests -pl infra/launcher,infra/bench -am package &amp;&amp; java -jar infra/bench/target/tally-bench.jar
 * </pre>
 * Options: {@code --seconds=N} per measurement (10), {@code --sizes=10000,100000} stored events for the create
 * path's growth test (a million needs a bigger heap than a 1 GiB container's, see docs/operations.md),
 * {@code --out=FILE}, {@code --jar=FILE}, {@code --db=HOST:PORT} (127.0.0.1:5432, user {@code postgres}),
 * {@code --port=N} for the launcher (18080), {@code --blocks=N} mainnet-shaped Tron blocks scanned (1000) and
 * {@code --paid-every=N}: one of them in N pays an invoice (100),
 * {@code --phases=create,health,lifecycles,rebuild,sizes,scan} to run some of the measurements only (while tuning
 * one path; with {@code --out} elsewhere than the record).
 */
public final class Bench {
    private static final String[] PHASES = {"create", "health", "lifecycles", "rebuild", "sizes", "scan"};
    static final String ADMIN_KEY = "tly_admin_bench_0123456789abcdefghijklmnopqrstuv";
    /** The operator's account-level public key for live Tron addresses (any will do: nothing is spent). */
    private static final String XPUB = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHP"
                                       + "FsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt";
    /** The Tron scan's open invoices. */
    private static final int WATCHED = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> options;
    private final Duration measure;
    /** The measurements to run (all by default); a run of some of them is for tuning, not for the record. */
    private final Set<String> phases;
    private final Report report = new Report();
    private final Load load = new Load();
    private Launcher launcher;
    private Raw.Database db;

    private Bench(Map<String, String> options) {
        this.options = options;
        this.measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
        this.phases = Set.of(options.getOrDefault("phases", String.join(",", PHASES)).split(","));
        if (!Set.of(PHASES).containsAll(phases)) {
            throw new IllegalArgumentException("--phases takes some of " + String.join(",", PHASES));
        }
        if (phases.size() < PHASES.length && !options.containsKey("out")) {
            throw new IllegalArgumentException("--phases runs some measurements only: give --out=FILE, so that the "
                                               + "record in docs/benchmarks.md keeps a full run");
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value; got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        new Bench(options).run();
    }

    private void run() throws Exception {
        String[] server = options.getOrDefault("db", "127.0.0.1:5432").split(":");
        Raw.Database admin = new Raw.Database(server[0], Integer.parseInt(server[1]), "postgres", "postgres");
        db = admin.other("tally_bench");
        Raw.Database raw = admin.other("tally_bench_raw");
        recreate(admin, db.name());
        recreate(admin, raw.name());
        Path work = Files.createTempDirectory("tally-bench");
        Path jar = Path.of(options.getOrDefault("jar", "infra/launcher/target/tally.jar")).toAbsolutePath();
        Path out = Path.of(options.getOrDefault("out", "docs/benchmarks.md"));
        report.machine();

        log("raw: pgbench single-row inserts of 1 KiB, 8 clients");
        double rawInserts = Raw.pgbenchInserts(raw, 8, measure, work);
        log("Axon append of new aggregates, 8 clients");
        double appends = AxonAppend.appendsPerSecond(raw, 8, measure);
        report.append(appends, rawInserts);

        int port = Integer.parseInt(options.getOrDefault("port", "18080"));
        log("starting the launcher on " + db.jdbcUrl());
        launcher = Launcher.start(jar, db.jdbcUrl(), db.user(), ADMIN_KEY, port, work, List.of(
                "--tally.rate-limits.enabled=false",
                "--tally.sandbox.block-interval=250ms",
                "--spring.profiles.active=dev"));
        try {
            List<String> keys = registerMerchants(100);
            log("warm-up: creating invoices for 30 s (not measured)");
            load.closedLoop(16, Duration.ZERO, Duration.ofSeconds(30), 201, n -> createRequest(keys.get((int) (n % 100)), n));
            // Each measurement starts on a quiet launcher: the work the last one left behind (projections catching
            // up, the sandbox chain's confirmations of 600 payments) is not charged to the next.
            if (phases.contains("create")) {
                awaitQuiet();
                createInvoices(keys, rawInserts);
            }
            if (phases.contains("health")) {
                awaitQuiet();
                health();
            }
            if (phases.contains("lifecycles")) {
                awaitQuiet();
                lifecycles(keys.get(0), 600);
            }
            if (phases.contains("rebuild")) {
                awaitQuiet();
                rebuild();
            }
            if (phases.contains("sizes")) {
                storeSizes(keys.get(0));
            }
            report.memory(launcher.peakRssMiB());
            if (phases.contains("scan")) {
                launcher.close();
                tronScan(admin, jar, port, work);
            }
        } finally {
            try {
                load.close();
            } finally {
                launcher.close();
            }
        }
        report.write(out);
        log("written " + out.toAbsolutePath());
        recreate(admin, null);
    }

    // ------------------------------------------------------------------------------------------------ the create path

    private void createInvoices(List<String> keys, double rawInserts) throws Exception {
        Map<String, Load.Result> results = new LinkedHashMap<>();
        for (int connections : new int[] {1, 16, 64}) {
            for (int merchants : new int[] {1, 100}) {
                log("create invoice: " + connections + " connection(s), " + merchants + " merchant(s)");
                List<String> used = keys.subList(0, merchants);
                results.put(connections + "/" + merchants, load.closedLoop(connections, Duration.ofSeconds(3),
                        measure, 201, n -> createRequest(used.get((int) (n % used.size())), n)));
            }
        }
        double peak = results.values().stream().mapToDouble(Load.Result::perSecond).max().orElseThrow();
        log("create invoice at 70 % of the peak (" + Math.round(peak * 0.7) + "/s)");
        Load.Result paced = load.openLoop(peak * 0.7, 64, measure, 201, n -> createRequest(keys.get((int) (n % 100)), n));
        report.create(results, paced, rawInserts);
    }

    private Load.Request createRequest(String key, long n) {
        String body = "{\"amount\":\"12.50\",\"asset\":\"USDT\",\"chain\":\"tron\",\"orderId\":\"bench-" + n + "-"
                      + System.nanoTime() + "\",\"metadata\":{\"cart\":\"42\"}}";
        return Load.Request.post(URI.create(launcher.baseUrl() + "/api/v1/invoices"), key, body);
    }

    private List<String> registerMerchants(int count) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode merchant = post(ADMIN_KEY, "/api/v1/merchants", "{\"name\":\"Bench " + i + "\"}", 201);
            keys.add(merchant.path("testApiKey").asText());
        }
        return keys;
    }

    // ------------------------------------------------------------------------------------------------ health

    private void health() throws Exception {
        log("health, 16 connections");
        Load.Request request = Load.Request.get(URI.create(launcher.baseUrl() + "/actuator/health"), null);
        // Twenty seconds of warm-up: until the JIT has compiled the endpoint's path, which on two busy cores takes
        // that long (measured: 1 000/s in the first ten seconds, 8 000 to 10 000/s from the third).
        report.health(load.closedLoop(16, Duration.ofSeconds(20), measure, 200, n -> request));
    }

    // ------------------------------------------------------------------------------------------------ lifecycles

    private void lifecycles(String key, int count) throws Exception {
        log("full lifecycles: " + count + " invoices created, paid on the sandbox chain, settled");
        ExecutorService threads = Executors.newFixedThreadPool(16);
        Instant firstPay = Instant.now();
        long start = System.nanoTime();
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long n = i;
            created.add(threads.submit(() -> post(createRequest(key, n)).path("id").asText()));
        }
        List<String> invoices = new ArrayList<>();
        for (Future<String> id : created) {
            invoices.add(id.get());
        }
        double createdAfter = (System.nanoTime() - start) / 1e9;
        List<Future<JsonNode>> paid = new ArrayList<>();
        for (String invoice : invoices) {
            paid.add(threads.submit(() -> post(key, "/api/v1/sandbox/invoices/" + invoice + "/pay", "{}", 202)));
        }
        for (Future<JsonNode> payment : paid) {
            payment.get();
        }
        threads.shutdown();
        log(String.format(Locale.ROOT, "created in %.1f s, paid on the sandbox chain %.1f s later", createdAfter,
                          (System.nanoTime() - start) / 1e9 - createdAfter));
        long settled;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try (Connection connection = db.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM query.invoices WHERE status = 'SETTLED' AND invoice_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("varchar", invoices.toArray()));
            do {
                Thread.sleep(20);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    settled = rows.getLong(1);
                }
            } while (settled < count && System.nanoTime() < deadline);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (settled < count) {
            throw new IllegalStateException("only " + settled + " of " + count + " invoices settled in 10 minutes");
        }
        report.lifecycles(count, seconds, thresholdToSettled(firstPay));
    }

    /** Per invoice: from the event that confirmed its payment to the one that completed its settlement. */
    private Latencies thresholdToSettled(Instant since) throws Exception {
        Latencies latencies = new Latencies();
        String sql = """
                WITH events AS (
                    SELECT payload_type, time_stamp::timestamptz AS at,
                           convert_from(payload, 'UTF8')::jsonb ->> 'invoiceId' AS invoice_id
                    FROM eventstore.domain_event_entry
                    WHERE payload_type IN ('dev.tally.kernel.payment.PaymentConfirmed',
                                           'dev.tally.kernel.settlement.SettlementCompleted')
                      AND time_stamp::timestamptz >= ?)
                SELECT extract(epoch FROM s.at - c.at) * 1e9
                FROM events c JOIN events s ON s.invoice_id = c.invoice_id
                WHERE c.payload_type LIKE '%PaymentConfirmed' AND s.payload_type LIKE '%SettlementCompleted'
                """;
        try (Connection connection = db.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, java.sql.Timestamp.from(since.minusSeconds(1)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    latencies.add(rows.getLong(1));
                }
            }
        }
        return latencies;
    }

    // ------------------------------------------------------------------------------------------------ rebuilds

    private void rebuild() throws Exception {
        log("rebuild of every projection");
        long events = count("SELECT count(*) FROM eventstore.domain_event_entry");
        double copy = Raw.copyRowsPerSecond(db, "eventstore.domain_event_entry");
        JsonNode started = post(ADMIN_KEY, "/api/v1/audit/rebuilds", "{\"all\":true}", 202);
        String id = started.path("id").asText();
        JsonNode status;
        do {
            Thread.sleep(200);
            status = get(ADMIN_KEY, "/api/v1/audit/rebuilds/" + id);
        } while (!status.path("finishedAt").isTextual());
        if (!"SUCCEEDED".equals(status.path("status").asText())) {
            throw new IllegalStateException("the rebuild did not succeed: " + status);
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        long handled = 0;
        for (JsonNode projection : status.path("projections")) {
            double seconds = Duration.between(Instant.parse(projection.path("startedAt").asText()),
                                              Instant.parse(projection.path("finishedAt").asText())).toNanos() / 1e9;
            rates.put(projection.path("name").asText(), projection.path("eventsDone").asLong() / Math.max(seconds, 1e-3));
            handled += projection.path("eventsDone").asLong();
        }
        // The projections are rebuilt one after another: all the events they read over the whole rebuild's time.
        double wall = Duration.between(Instant.parse(status.path("startedAt").asText()),
                                       Instant.parse(status.path("finishedAt").asText())).toNanos() / 1e9;
        report.rebuild(events, rates, handled / Math.max(wall, 1e-3), copy);
    }

    // ------------------------------------------------------------------------------------------------ Tron scan

    /**
     * The Tron scanner at mainnet-shaped blocks, against the raw fetch loop: a launcher of its own watches the tests'
     * in-process Tron node (gRPC on trident's protobufs) for {@value #WATCHED} open live invoices. One block in a
     * hundred ({@code --paid-every}) pays one of them in full; every other transfer goes to addresses nobody watches.
     * Denser payments measure their lifecycles (the lifecycles' figure), not the scanner. The raw loop reads the same
     * blocks from a second node in this process, so both pay the same serving cost.
     */
    private void tronScan(Raw.Database admin, Path jar, int port, Path work) throws Exception {
        int count = Integer.parseInt(options.getOrDefault("blocks", "1000"));
        int paidEvery = Integer.parseInt(options.getOrDefault("paid-every", "100"));
        int warmUp = count / 5;
        db = admin.other("tally_bench_scan");
        recreate(admin, db.name());
        try (TronTestNode watched = TronTestNode.start(); TronTestNode raw = TronTestNode.start()) {
            log("starting a launcher that watches an in-process Tron node");
            launcher = Launcher.start(jar, db.jdbcUrl(), db.user(), ADMIN_KEY, port, work, List.of(
                    "--tally.rate-limits.enabled=false",
                    "--spring.profiles.active=dev",
                    "--tally.chains.tron.endpoints[0].url=" + watched.url(),
                    "--tally.chains.tron.xpub=" + XPUB,
                    "--tally.chains.tron.first-block=1",
                    "--tally.chains.tron.poll-interval=100ms"));
            try {
                String liveKey = post(ADMIN_KEY, "/api/v1/merchants", "{\"name\":\"Bench scan\"}", 201)
                        .path("apiKey").asText();
                log("creating " + WATCHED + " live Tron invoices: the watched addresses");
                List<String> addresses = depositAddresses(liveKey, WATCHED);
                awaitProcessorsCaughtUp();
                log("building " + count + " mainnet-shaped blocks");
                List<Block> blocks = TronBlocks.build(count, addresses, paidEvery, Instant.now());
                blocks.forEach(raw::append);
                log("raw: trident fetching the blocks and their infos, one thread (again after the scanner)");
                TronBlocks.rawFetch(raw.url(), 1, warmUp);
                double rawRate = TronBlocks.rawFetch(raw.url(), warmUp + 1, count);
                log("the scanner: " + warmUp + " blocks of warm-up, then " + (count - warmUp) + " measured");
                blocks.subList(0, warmUp).forEach(watched::append);
                awaitCheckpoint(warmUp);
                long start = System.nanoTime();
                blocks.subList(warmUp, count).forEach(watched::append);
                watched.solidify(count - 19);
                awaitCheckpoint(count);
                double scanRate = (count - warmUp) / ((System.nanoTime() - start) / 1e9);
                // The raw loop again, now that the scanner is done: the better of its two runs is the limit.
                rawRate = Math.max(rawRate, TronBlocks.rawFetch(raw.url(), warmUp + 1, count));
                long planted = count / paidEvery;
                long detected = awaitCount("SELECT count(*) FROM eventstore.domain_event_entry WHERE payload_type = "
                                           + "'dev.tally.kernel.payment.PaymentDetected'", planted);
                report.tronScan(TronBlocks.perBlock(blocks), WATCHED, scanRate, rawRate, detected, planted);
            } finally {
                launcher.close();
            }
        }
    }

    private List<String> depositAddresses(String key, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long n = i;
                created.add(threads.submit(() -> post(createRequest(key, n)).path("depositAddress").asText()));
            }
            List<String> addresses = new ArrayList<>();
            for (Future<String> address : created) {
                addresses.add(address.get());
            }
            return addresses;
        } finally {
            threads.shutdown();
        }
    }

    /** Until the Tron scanner's checkpoint is at {@code block} (at most five minutes). */
    private void awaitCheckpoint(long block) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try (Connection connection = db.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT coalesce(max(block_number), 0) FROM watcher.checkpoints WHERE chain = 'tron'")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) >= block) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("the Tron scanner did not reach block " + block + " in 5 minutes; see the "
                                        + "launcher's log");
    }

    /** The count {@code sql} answers once it reaches {@code expected}, or after a minute, whatever it is then. */
    private long awaitCount(String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        long found = count(sql);
        while (found < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = count(sql);
        }
        return found;
    }

    // ------------------------------------------------------------------------------------------------ store size

    private void storeSizes(String key) throws Exception {
        Map<Long, Load.Result> results = new LinkedHashMap<>();
        for (String size : options.getOrDefault("sizes", "10000,100000").split(",")) {
            long target = Long.parseLong(size.strip());
            long stored = count("SELECT count(*) FROM eventstore.domain_event_entry");
            if (stored < target) {
                log("filling the event store to " + target + " events");
                fill(target - stored);
            }
            awaitProcessorsCaughtUp();
            stored = count("SELECT count(*) FROM eventstore.domain_event_entry");
            log("create invoice, 1 connection, at " + stored + " stored events");
            results.put(stored, load.closedLoop(1, Duration.ofSeconds(3), measure, 201, n -> createRequest(key, n)));
        }
        report.storeSizes(results);
    }

    /**
     * A store grown by other history: events of other aggregates that every processor reads past (a payload no
     * handler takes), so that the store's tables and indexes are that large. The views do not grow with them.
     */
    private void fill(long events) throws Exception {
        // In transactions of 5 000 events, as writers commit: one transaction of a million would leave every event
        // committed meanwhile behind a gap of a million (Axon's tokens keep up to 10 000 gaps each).
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            for (long left = events; left > 0; left -= 5000) {
                statement.execute("""
                        INSERT INTO eventstore.domain_event_entry (aggregate_identifier, sequence_number, type,
                            event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                        SELECT 'bench_filler_' || gen_random_uuid(), 0, 'BenchFiller', gen_random_uuid()::text,
                               convert_to('{}', 'UTF8'), convert_to('"filler"', 'UTF8'), NULL, 'java.lang.String',
                               to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                        FROM generate_series(1, %d) g
                        """.formatted(Math.min(5000, left)));
            }
            statement.execute("ANALYZE eventstore.domain_event_entry");
        }
    }

    /**
     * Until every processor has caught up with the event store and the launcher has used less than a fifth of a core
     * for two seconds in a row (at most five minutes; then the measurement starts anyway, and the log says so).
     */
    private void awaitQuiet() throws Exception {
        awaitProcessorsCaughtUp();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        int quietSeconds = 0;
        while (quietSeconds < 2) {
            if (System.nanoTime() > deadline) {
                log("the launcher did not become quiet in 5 minutes; measuring anyway");
                return;
            }
            double cores = launcher.coresUsedOver(Duration.ofSeconds(1));
            quietSeconds = cores < 0.2 ? quietSeconds + 1 : 0;
        }
    }

    private void awaitProcessorsCaughtUp() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            long head = count("SELECT coalesce(max(global_index), 0) FROM eventstore.domain_event_entry");
            long behind = count("""
                    SELECT count(*) FROM eventstore.token_entry
                    WHERE token IS NULL
                       OR (convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint < %d
                    """.formatted(head));
            if (behind == 0) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the processors did not catch up in 30 minutes");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private JsonNode post(String key, String path, String body, int expected) throws Exception {
        Load.Answer answer = load.send(Load.Request.post(URI.create(launcher.baseUrl() + path), key, body));
        if (answer.status() != expected) {
            throw new IllegalStateException("POST " + path + ": " + answer.status() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private JsonNode post(Load.Request request) throws Exception {
        Load.Answer answer = load.send(request);
        if (answer.status() != 201) {
            throw new IllegalStateException("POST " + request.uri() + ": " + answer.status() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private JsonNode get(String key, String path) throws Exception {
        Load.Answer answer = load.send(Load.Request.get(URI.create(launcher.baseUrl() + path), key));
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + path + ": " + answer.status() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private long count(String sql) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void recreate(Raw.Database admin, String name) throws Exception {
        try (Connection connection = admin.connect(); Statement statement = connection.createStatement()) {
            for (String database : name == null ? List.of("tally_bench", "tally_bench_raw", "tally_bench_scan")
                                                 : List.of(name)) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            if (name != null) {
                statement.execute("CREATE DATABASE " + name);
            }
        }
    }

    static void log(String message) {
        System.out.printf(Locale.ROOT, "%tT  %s%n", System.currentTimeMillis(), message);
    }
}
