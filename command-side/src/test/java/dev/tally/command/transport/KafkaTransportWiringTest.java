package dev.tally.command.transport;

import dev.tally.command.payment.CommandBusObservationPort;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

import java.time.Duration;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the command side's transport package contributes to an application, found by component scanning as the
 * command side's auto-configuration finds it: nothing unless {@code tally.transport=kafka}; then the consumer and the
 * topic declarations, shaped by {@code tally.transport.kafka.*}.
 */
class KafkaTransportWiringTest {

    @Configuration(proxyBeanMethods = false)
    // the package's main classes only, not the test configurations beside this test
    @ComponentScan(basePackageClasses = KafkaTransportConfiguration.class,
            excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*Test.*"))
    static class ScannedTransport {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
            .withUserConfiguration(ScannedTransport.class)
            // the consumer's port; never called here (the listener does not start)
            .withBean(CommandBusObservationPort.class, () -> new CommandBusObservationPort(null))
            .withPropertyValues("spring.kafka.listener.auto-startup=false");

    @Test
    void inProcessTransportAddsNothing() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(KafkaObservationConsumer.class);
            assertThat(context).doesNotHaveBean(NewTopic.class);
            assertThat(context).doesNotHaveBean(ObservationConsumingProperties.class);
        });
    }

    @Test
    void kafkaTransportDeclaresTheObservationDeadLetterAndEventTopics() {
        runner.withPropertyValues("tally.transport=kafka", "tally.transport.topic=obs",
                                  "tally.transport.kafka.partitions=6", "tally.transport.kafka.replication-factor=3",
                                  "tally.transport.kafka.min-insync-replicas=2", "tally.transport.kafka.retention=2d")
              .run(context -> {
                  assertThat(context).hasNotFailed();
                  assertThat(context.getBean(KafkaObservationConsumer.class).getTopic()).isEqualTo("obs");
                  assertThat(context.getBean(KafkaObservationConsumer.class).getGroupId())
                          .isEqualTo("tally-command-side");
                  var topics = context.getBeansOfType(NewTopic.class).values().stream()
                                      .sorted(Comparator.comparing(NewTopic::name)).toList();
                  assertThat(topics).extracting(NewTopic::name).containsExactly("obs", "obs.DLT", "tally.events");
                  assertThat(topics).extracting(NewTopic::numPartitions).containsExactly(6, 1, 6);
                  assertThat(topics).extracting(NewTopic::replicationFactor).containsOnly((short) 3);
                  NewTopic observations = topics.get(0);
                  assertThat(observations.configs()).containsEntry("min.insync.replicas", "2")
                          .containsEntry("retention.ms", String.valueOf(Duration.ofDays(2).toMillis()))
                          .containsEntry("cleanup.policy", "delete");
              });
    }

    @Test
    void topicsAreNotDeclaredWhereTheyAreProvisioned() {
        runner.withPropertyValues("tally.transport=kafka", "tally.transport.kafka.create-topics=false")
              .run(context -> {
                  assertThat(context).hasSingleBean(KafkaObservationConsumer.class);
                  assertThat(context).doesNotHaveBean(NewTopic.class);
              });
    }

    @Test
    void moreInSyncReplicasThanCopiesIsRefusedAtStartUp() {
        runner.withPropertyValues("tally.transport=kafka", "tally.transport.kafka.min-insync-replicas=2")
              .run(context -> assertThat(context).getFailure().rootCause()
                                                 .hasMessageContaining("min-insync-replicas (2) must not exceed"));
    }
}
