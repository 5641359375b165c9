package dev.tally.launcher.kafka;

import dev.tally.launcher.ChildProcesses;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real single-node Kafka broker as a process of its own (KRaft, broker and controller in one process, as
 * {@code kafka-server-start.sh} runs it with a combined config): Apache Kafka's own {@code kafka.Kafka} from Maven
 * Central, started by the test in a JVM of its own, which a test can stop and start again on the same ports and log
 * directory. The log directory is formatted once (what {@code kafka-storage.sh format} does), so topics, records and
 * committed offsets survive a {@link #stop()}; the broker's output is in {@code broker.log} beside it.
 */
public final class KraftBroker implements AutoCloseable {
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final Path workDir;
    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, Object> config;
    private Process server;

    private KraftBroker(Path workDir, int brokerPort, int controllerPort) {
        this.workDir = workDir;
        this.logDir = workDir.resolve("data");
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.config = config();
    }

    /** Formats a new log directory on free ports and starts the broker. */
    public static KraftBroker start() {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("tally-kraft-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KraftBroker broker = new KraftBroker(workDir, freePort(), freePort());
        try {
            broker.format();
            broker.startServer();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts the broker again, on the same ports and over the same log directory. */
    public synchronized void restart() {
        if (server != null) {
            throw new IllegalStateException("the broker is running");
        }
        startServer();
    }

    /** A controlled shutdown, as {@code kafka-server-stop.sh} does (SIGTERM): logs flushed, the data kept. */
    public synchronized void stop() {
        if (server != null) {
            server.destroy();
            try {
                if (!server.waitFor(60, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.destroyForcibly();
                throw new IllegalStateException("interrupted while the broker stopped", e);
            }
            server = null;
        }
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code kafka.Kafka} on the written config and waits until the broker answers an admin client. */
    private synchronized void startServer() {
        Path properties = workDir.resolve("server.properties");
        Path log = workDir.resolve("broker.log");
        try {
            Properties written = new Properties();
            config.forEach((key, value) -> written.setProperty(key, String.valueOf(value)));
            try (var out = Files.newOutputStream(properties)) {
                written.store(out, "the test broker");
            }
            server = new ProcessBuilder(ChildProcesses.java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                                        ChildProcesses.classPath(), "kafka.Kafka", properties.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = server;
        // A broker left behind by a test JVM that dies is stopped with it.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                                               AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                                               AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            await("the Kafka broker on port " + brokerPort + " answering (log: " + log + ")")
                    .atMost(STARTUP).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException("the broker exited with " + started.exitValue()
                                                            + "; see " + log);
                        }
                        return answers(admin);
                    });
        } catch (RuntimeException e) {
            started.destroyForcibly();
            server = null;
            throw e;
        }
    }

    /** Whether the broker answers the admin client now (not yet while it starts). */
    private static boolean answers(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the broker started", e);
        }
    }

    private void format() {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format " + logDir, e);
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:"
                               + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // One node: every internal topic has a single replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Topics come from the application's declarations (NewTopic beans), never from a first write.
        props.put("auto.create.topics.enable", "false");
        props.put("controlled.shutdown.enable", "true");
        return props;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
