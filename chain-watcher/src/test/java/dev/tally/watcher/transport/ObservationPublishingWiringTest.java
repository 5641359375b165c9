package dev.tally.watcher.transport;

import dev.tally.kernel.chain.ChainObservationPort;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the chain watcher's transport package contributes, found by component scanning as the watcher's
 * auto-configuration finds it: nothing unless {@code tally.transport=kafka}; then the publisher is the observation
 * port (over any in-process one) and the observation topic is declared.
 */
class ObservationPublishingWiringTest {

    @Configuration(proxyBeanMethods = false)
    // the package's main classes only, not the test configurations beside this test
    @ComponentScan(basePackageClasses = KafkaObservationPublisher.class,
            excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*Test.*"))
    static class ScannedTransport {
    }

    private final ChainObservationPort inProcess = observation -> {
    };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
            // The topic is declared, not created: no broker runs here, and the admin would wait for one.
            .withPropertyValues("spring.kafka.admin.auto-create=false")
            .withUserConfiguration(ScannedTransport.class)
            .withBean("inProcessPort", ChainObservationPort.class, () -> inProcess);

    @Test
    void inProcessTransportKeepsTheInProcessPort() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ChainObservationPort.class)).isSameAs(inProcess);
            assertThat(context).doesNotHaveBean(NewTopic.class);
        });
    }

    @Test
    void kafkaTransportMakesThePublisherThePortAndDeclaresTheTopic() {
        runner.withPropertyValues("tally.transport=kafka", "tally.transport.topic=obs",
                                  "tally.transport.kafka.partitions=6")
              .run(context -> {
                  assertThat(context).hasNotFailed();
                  assertThat(context.getBean(ChainObservationPort.class)).isInstanceOf(KafkaObservationPublisher.class);
                  NewTopic topic = context.getBean(NewTopic.class);
                  assertThat(topic.name()).isEqualTo("obs");
                  assertThat(topic.numPartitions()).isEqualTo(6);
                  assertThat(topic.replicationFactor()).isEqualTo((short) 1);
                  assertThat(topic.configs()).containsEntry("min.insync.replicas", "1")
                                             .containsEntry("retention.ms", "604800000");
              });
    }

    @Test
    void topicsAreNotDeclaredWhereTheyAreProvisioned() {
        runner.withPropertyValues("tally.transport=kafka", "tally.transport.kafka.create-topics=false")
              .run(context -> {
                  assertThat(context.getBean(ChainObservationPort.class)).isInstanceOf(KafkaObservationPublisher.class);
                  assertThat(context).doesNotHaveBean(NewTopic.class);
              });
    }
}
