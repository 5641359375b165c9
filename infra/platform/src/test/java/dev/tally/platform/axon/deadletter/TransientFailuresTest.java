package dev.tally.platform.axon.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What parks an event, and what is only the environment failing (retried where it happened, never parked). */
class TransientFailuresTest {
    private final TransientFailures policy = new TransientFailures();
    private final GenericDeadLetter<EventMessage<?>> letter =
            new GenericDeadLetter<>("inv_1", GenericEventMessage.asEventMessage("payload"));

    @Test
    void theEventsOwnProblemParksItWithItsCauseAndTheRootOfIt() {
        var failure = new DataIntegrityViolationException("could not insert",
                                                          new SQLException("value too long", "22001"));
        EnqueueDecision<EventMessage<?>> decision = policy.decide(letter, failure);
        assertThat(decision.shouldEnqueue()).isTrue();
        Cause cause = (Cause) decision.enqueueCause().orElseThrow();
        assertThat(cause.type()).isEqualTo(DataIntegrityViolationException.class.getName());
        assertThat(cause.message()).contains("could not insert").contains("value too long");
        assertThat(policy.decide(letter, new IllegalStateException("x".repeat(5000))).enqueueCause()
                         .map(c -> ((Cause) c).message().length()).orElseThrow())
                .isLessThanOrEqualTo(TransientFailures.CAUSE_MESSAGE_LENGTH_MAX);
    }

    @Test
    void theDatabaseOrBrokerFailingIsRetriedNotParked() {
        for (Throwable failure : new Throwable[]{
                new CannotCreateTransactionException("no connection"),
                new CannotAcquireLockException("deadlock"),
                new UncategorizedSQLException("insert", "INSERT", new SQLException("terminating connection", "57P01")),
                new RuntimeException(new SQLException("connection refused", "08001")),
                new RuntimeException(new SQLException("could not serialize", "40001")),
                new IllegalStateException("send failed", new java.util.concurrent.TimeoutException())}) {
            assertThatThrownBy(() -> policy.decide(letter, failure)).as(failure.toString())
                    .isInstanceOf(TransientFailures.TransientHandlerFailure.class).hasCause(failure);
        }
    }
}
