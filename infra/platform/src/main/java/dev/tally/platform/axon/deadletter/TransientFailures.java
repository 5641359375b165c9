package dev.tally.platform.axon.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Which failures park an event and which are retried where they happened. A failure of the environment (the database
 * or broker unreachable, a deadlock, a serialization conflict, a timeout) says nothing about the event: parking it
 * would park every event while the database restarts. Such a failure is rethrown, so the processor rolls the batch
 * back and retries it with back-off, as without a dead-letter queue. Anything else is the event's own problem and
 * parks its sequence.
 */
public final class TransientFailures implements EnqueuePolicy<EventMessage<?>> {
    /** SQLState classes of failures of the connection or the server, not of the statement. */
    private static final Set<String> TRANSIENT_SQL_STATE_CLASSES = Set.of("08", "40", "53", "57", "58");
    /** Kafka's retriable errors (by name: the platform does not depend on the Kafka client). */
    private static final Set<String> TRANSIENT_CLASS_NAMES = Set.of(
            "org.apache.kafka.common.errors.RetriableException", "org.apache.kafka.common.errors.TimeoutException",
            "java.util.concurrent.TimeoutException", "java.net.ConnectException", "java.net.SocketException",
            "dev.tally.platform.remote.RemotePeers$RemoteFailure");

    /** Longest cause message kept with a dead letter (the table's column holds 1023 characters). */
    static final int CAUSE_MESSAGE_LENGTH_MAX = 1000;

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (isTransient(cause)) {
            throw new TransientHandlerFailure(cause);
        }
        return Decisions.enqueue(parkedBecause(cause));
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                || t instanceof CannotCreateTransactionException || t instanceof SQLTransientException
                || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                && TRANSIENT_SQL_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (TRANSIENT_CLASS_NAMES.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A transient failure, rethrown so that the batch is rolled back and retried. */
    static final class TransientHandlerFailure extends RuntimeException {
        TransientHandlerFailure(Throwable cause) {
            super("transient failure, retrying the batch: " + cause, cause);
        }
    }

    /** The cause kept with a dead letter: its type, and its message with its root's, cut to fit the table. */
    static ThrowableCause parkedBecause(Throwable cause) {
        StringBuilder message = new StringBuilder(String.valueOf(cause.getMessage()));
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause) {
            message.append(" (caused by ").append(root.getClass().getName()).append(": ").append(root.getMessage())
                   .append(')');
        }
        String text = message.length() <= CAUSE_MESSAGE_LENGTH_MAX ? message.toString()
                      : message.substring(0, CAUSE_MESSAGE_LENGTH_MAX - 1) + "…";
        return new ThrowableCause(cause.getClass().getName(), text);
    }
}
