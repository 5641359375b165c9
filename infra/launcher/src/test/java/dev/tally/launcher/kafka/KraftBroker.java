package dev.tally.launcher.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process, as {@code kafka-server-start.sh} runs it
 * with a combined config) that a test can stop and start again on the same ports and log directory — which Spring
 * Kafka's {@code EmbeddedKafkaKraftBroker} cannot. Built from Kafka's own server classes: the log directory is
 * formatted once (what {@code kafka-storage.sh format} does), then each {@link #start()} runs a new
 * {@link KafkaRaftServer} over it, so topics, records and committed offsets survive a {@link #stop()}.
 */
public final class KraftBroker implements AutoCloseable {
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, Object> config;
    private KafkaRaftServer server;

    private KraftBroker(Path logDir, int brokerPort, int controllerPort) {
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.config = config();
    }

    /** Formats a new log directory on free ports and starts the broker. */
    public static KraftBroker start() {
        Path logDir;
        try {
            logDir = Files.createTempDirectory("tally-kraft-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KraftBroker broker = new KraftBroker(logDir, freePort(), freePort());
        broker.format();
        broker.startServer();
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

    /** A controlled shutdown, as {@code kafka-server-stop.sh} does: logs flushed, the data directory kept. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(logDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void startServer() {
        KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        started.startup();
        server = started;
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
