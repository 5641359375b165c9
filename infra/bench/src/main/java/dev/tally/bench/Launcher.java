package dev.tally.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The launcher under test: {@code java -jar tally.jar} as a process of its own, on the benchmark's database. */
final class Launcher implements AutoCloseable {
    /** The JVM settings of a 1 GiB container, as docs/operations.md gives them. */
    static final List<String> JVM_OPTIONS = List.of("-Xms384m", "-Xmx384m", "-Xss512k", "-XX:MaxMetaspaceSize=192m",
                                                    "-XX:ReservedCodeCacheSize=64m", "-XX:MaxDirectMemorySize=64m",
                                                    "-XX:+UseG1GC");

    /** glibc's malloc arenas, as docs/operations.md sets them for a 1 GiB container. */
    static final String MALLOC_ARENA_MAX = "2";
    /** Linux's clock ticks per second ({@code getconf CLK_TCK}), the unit of a process's CPU times. */
    private static final int CLOCK_TICKS = 100;

    private final Process process;
    private final int port;
    private final Path log;

    private Launcher(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Launcher start(Path jar, String jdbcUrl, String user, String adminKey, int port, Path workDir,
                          List<String> settings) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(settings);
        Path log = workDir.resolve("launcher.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                                                            .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("TALLY_DB_URL", jdbcUrl);
        env.put("TALLY_DB_USER", user);
        env.put("TALLY_ADMIN_API_KEY", adminKey);
        env.put("HOME", workDir.toString());
        env.put("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
        Launcher launcher = new Launcher(builder.start(), port, log);
        launcher.awaitHealthy();
        return launcher;
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The launcher stopped; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The launcher did not become ready in 3 minutes; see " + log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The CPU the process used over the next {@code period}, in cores (waits that long). */
    double coresUsedOver(Duration period) throws IOException, InterruptedException {
        long before = cpuTicks();
        Thread.sleep(period.toMillis());
        return (cpuTicks() - before) / (double) CLOCK_TICKS / (period.toNanos() / 1e9);
    }

    /** User and system time so far, in clock ticks ({@code /proc/<pid>/stat}, fields 14 and 15). */
    private long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The process's peak resident set size so far (VmHWM), in MiB. */
    long peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmHWM for the launcher");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
