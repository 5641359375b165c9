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
 * The real launcher (or one service's own application) as a child process (this JVM's java, the test class path), so
 * it can be killed with SIGKILL as an operator's crash would: no shutdown hook, no flush, no goodbye. Its output goes
 * to a log file.
 */
final class LauncherProcess {
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final Class<?> application;
    private final List<String> settings;
    private final Path log;
    private final int port;
    private Process process;

    LauncherProcess(int port, Path log, List<String> settings) {
        this(TallyApplication.class, port, log, settings);
    }

    /** {@code application}'s main class instead of the launcher's. */
    LauncherProcess(Class<?> application, int port, Path log, List<String> settings) {
        this.application = application;
        this.port = port;
        this.log = log;
        this.settings = List.copyOf(settings);
    }

    /** Starts the launcher and waits until it answers. */
    void start() {
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.java());
        command.addAll(List.of("-Xmx640m", "-XX:TieredStopAtLevel=1", "-cp", ChildProcesses.classPath(),
                               application.getName(), "--server.port=" + port));
        command.addAll(settings);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                                                 .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                                                 .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpApi api = api();
        await(application.getSimpleName() + " on port " + port + " answering (log: " + log + ")")
                .atMost(STARTUP).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(application.getSimpleName() + " exited with " + process.exitValue()
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
