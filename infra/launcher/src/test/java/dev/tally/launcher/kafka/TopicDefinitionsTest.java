package dev.tally.launcher.kafka;

import dev.tally.command.transport.ObservationConsumingProperties;
import dev.tally.watcher.transport.ObservationPublishingProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The declarative topic definitions ({@code infra/kafka/topics.properties}) and their script: the script turns every
 * definition into one {@code kafka-topics.sh --create}, whose settings a real broker accepts; and the definitions
 * name the topics the applications use, with the same retention.
 */
class TopicDefinitionsTest {
    private static final Path KAFKA_DIR = Path.of("..", "kafka");

    @TempDir
    Path work;

    @Test
    void theScriptCreatesEveryDefinedTopicWithItsSettingsOnARealBroker() throws Exception {
        List<List<String>> calls = runScript("--bootstrap-server", "broker.example:9092", "--replication-factor", "1");

        assertThat(calls).hasSize(3);
        assertThat(calls).allSatisfy(args -> assertThat(args).containsSubsequence("--bootstrap-server",
                "broker.example:9092").contains("--create", "--if-not-exists"));
        assertThat(calls).extracting(args -> option(args, "--topic"))
                         .containsExactly("tally.chain-observations", "tally.chain-observations.DLT", "tally.events");
        assertThat(calls).extracting(args -> option(args, "--replication-factor")).containsOnly("1");
        // two in-sync replicas of one copy would refuse every write: lowered with the replication factor
        assertThat(calls).allSatisfy(args -> assertThat(configs(args)).containsEntry("min.insync.replicas", "1"));

        // What kafka-topics.sh would ask of the broker, asked of a real one.
        try (KraftBroker broker = KraftBroker.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (List<String> args : calls) {
                topics.add(new NewTopic(option(args, "--topic"), Integer.parseInt(option(args, "--partitions")),
                                        Short.parseShort(option(args, "--replication-factor"))).configs(configs(args)));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);

            Map<String, TopicDescription> created = admin.describeTopics(List.of("tally.chain-observations",
                    "tally.chain-observations.DLT", "tally.events")).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(created.get("tally.chain-observations").partitions()).hasSize(12);
            assertThat(created.get("tally.chain-observations.DLT").partitions()).hasSize(1);
            ConfigResource observations = new ConfigResource(ConfigResource.Type.TOPIC, "tally.chain-observations");
            Config config = admin.describeConfigs(List.of(observations)).all().get(30, TimeUnit.SECONDS)
                                 .get(observations);
            assertThat(config.get("retention.ms").value()).isEqualTo("604800000");
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(config.get("unclean.leader.election.enable").value()).isEqualTo("false");
        }
    }

    @Test
    void productionDefinitionsKeepTwoInSyncCopiesOfThree() throws Exception {
        List<List<String>> calls = runScript();
        assertThat(calls).hasSize(3).allSatisfy(args -> {
            assertThat(option(args, "--replication-factor")).isEqualTo("3");
            assertThat(configs(args)).containsEntry("min.insync.replicas", "2");
            assertThat(args).doesNotContain("--command-config");
        });
    }

    @Test
    void theDefinitionsNameTheTopicsTheApplicationsUseWithTheSameRetention() throws IOException {
        Properties definitions = new Properties();
        try (Reader reader = Files.newBufferedReader(KAFKA_DIR.resolve("topics.properties"), StandardCharsets.UTF_8)) {
            definitions.load(reader);
        }
        ObservationConsumingProperties consumer = new ObservationConsumingProperties();
        ObservationPublishingProperties publisher = new ObservationPublishingProperties();

        assertThat(definitions.getProperty("observations.name")).isEqualTo(consumer.getTopic())
                                                                 .isEqualTo(publisher.getTopic());
        assertThat(definitions.getProperty("observations-dlt.name")).isEqualTo(consumer.deadLetterTopic());
        assertThat(definitions.getProperty("events.name")).isEqualTo(consumer.getKafka().getEventsTopic());
        assertThat(Long.parseLong(definitions.getProperty("observations.config.retention.ms")))
                .isEqualTo(consumer.getKafka().getRetention().toMillis())
                .isEqualTo(publisher.getKafka().getRetention().toMillis());
        assertThat(Long.parseLong(definitions.getProperty("observations-dlt.config.retention.ms")))
                .isEqualTo(consumer.getKafka().getDeadLetterRetention().toMillis());
        assertThat(Long.parseLong(definitions.getProperty("events.config.retention.ms")))
                .isEqualTo(consumer.getKafka().getEventsRetention().toMillis());
    }

    /** Runs create-topics.sh with a kafka-topics.sh that records its arguments; one list per call, in order. */
    private List<List<String>> runScript(String... options) throws Exception {
        Path calls = Files.createDirectories(work.resolve("calls"));
        Path fake = work.resolve("kafka-topics.sh");
        Files.writeString(fake, """
                #!/usr/bin/env bash
                n=$(ls "$CALLS" | wc -l)
                printf '%s\\n' "$@" > "$CALLS/call-$n"
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        List<String> command = new ArrayList<>(List.of("bash", KAFKA_DIR.resolve("create-topics.sh").toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("output.txt").toFile());
        builder.environment().put("KAFKA_TOPICS", fake.toString());
        builder.environment().put("CALLS", calls.toString());
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(work.resolve("output.txt"))).isZero();

        List<List<String>> recorded = new ArrayList<>();
        try (Stream<Path> files = Files.list(calls)) {
            for (Path call : files.sorted().toList()) {
                recorded.add(Files.readAllLines(call));
            }
        }
        return recorded;
    }

    private static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        assertThat(at).as(name + " in " + args).isNotNegative();
        return args.get(at + 1);
    }

    private static Map<String, String> configs(List<String> args) {
        Map<String, String> configs = new HashMap<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--config")) {
                String[] setting = args.get(i + 1).split("=", 2);
                configs.put(setting[0], setting[1]);
            }
        }
        return configs;
    }
}
