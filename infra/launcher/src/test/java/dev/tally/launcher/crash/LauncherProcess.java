package dev.tally.launcher.crash;

import dev.tally.launcher.HttpApi;
import dev.tally.launcher.TallyApplication;
import dev.tally.launcher.ChildProcesses;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The real launcher (or one service's own application, or a service's own executable jar) as a child process (this
 * JVM's java, the test class path), so it can be killed with SIGKILL as an operator's crash would: no shutdown hook,
 * no flush, no goodbye. Its output goes to a log file.
 */
final class LauncherProcess {
    private static final Duration STARTUP = Duration.ofMinutes(3);

    /** What the process runs: its name, and the java arguments that say so. */
    private final String name;
    private final List<String> launch;
    private final List<String> settings;
    private final Path log;
    private final int port;
    private Process process;

    LauncherProcess(int port, Path log, List<String> settings) {
        this(TallyApplication.class, port, log, settings);
    }

    /** {@code application}'s main class instead of the launcher's. */
    LauncherProcess(Class<?> application, int port, Path log, List<String> settings) {
        this(application.getSimpleName(), List.of("-cp", ChildProcesses.classPath(), application.getName()), port,
             log, settings);
    }

    /** An executable jar ({@code java -jar}), as a service is deployed alone. */
    static LauncherProcess ofJar(Path jar, int port, Path log, List<String> settings) {
        return new LauncherProcess(jar.getFileName().toString(), List.of("-jar", jar.toString()), port, log,
                                   settings);
    }

    private LauncherProcess(String name, List<String> launch, int port, Path log, List<String> settings) {
        this.name = name;
        this.launch = List.copyOf(launch);
        this.port = port;
        this.log = log;
        this.settings = List.copyOf(settings);
    }

    /** Starts the launcher and waits until it answers. */
    void start() {
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.java());
        command.addAll(List.of("-Xmx640m", "-XX:TieredStopAtLevel=1"));
        command.addAll(launch);
        command.add("--server.port=" + port);
        command.addAll(settings);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                                                 .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                                                 .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpApi api = api();
        await(name + " on port " + port + " answering (log: " + log + ")")
                .atMost(STARTUP).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue()
                                                        + "; see " + log);
                    }
                    return api.get("/actuator/health", null).status() == 200;
                });
    }

    /** A client of this process's API. */
    HttpApi api() {
        return new HttpApi(port);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the process dies at once, wherever it was. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A clean stop (SIGTERM), for the end of a run. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }
}
