package dev.tally.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/**
 * The command gateway sends a command again when the event store refused its events because another node appended
 * to the same aggregate at the same moment, and only then.
 */
class CommandRetriesTest {

    @Test
    void aCommandThatLostARaceToAnotherNodeIsHandledAgainAndAnythingElseAnswersAtOnce() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        AtomicInteger raced = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        bus.subscribe(String.class.getName(), command -> {
            String payload = (String) command.getPayload();
            if (payload.equals("race") && raced.incrementAndGet() <= 3) {
                // As the event store says it: the database's duplicate key under the conflict.
                throw new ConcurrencyException("another node appended to the aggregate",
                                               new java.sql.SQLException("duplicate key value", "23505"));
            }
            if (payload.equals("refuse")) {
                refused.incrementAndGet();
                throw new IllegalStateException("insufficient available balance");
            }
            return "done";
        });
        TallyAxonProperties properties = new TallyAxonProperties();
        properties.setCommandRetryInterval(Duration.ofMillis(1));
        AxonPostgresAutoConfiguration configuration = new AxonPostgresAutoConfiguration();
        try (AxonPostgresAutoConfiguration.CommandRetries retries = configuration.commandRetries()) {
            CommandGateway gateway = configuration.commandGateway(bus, properties, retries);

            assertThat((String) gateway.sendAndWait("race")).isEqualTo("done");
            assertThat(raced).hasValue(4);
            assertThatThrownBy(() -> gateway.sendAndWait("refuse")).hasMessageContaining("insufficient");
            assertThat(refused).hasValue(1);

            // Sent inside a caller's unit of work (an event handler's): not retried apart from it.
            raced.set(0);
            DefaultUnitOfWork<?> handling =
                    DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("handled"));
            try {
                assertThatThrownBy(() -> gateway.sendAndWait("race")).isInstanceOf(ConcurrencyException.class);
            } finally {
                handling.rollback();
            }
            assertThat(raced).hasValue(1);
        }
    }
}
