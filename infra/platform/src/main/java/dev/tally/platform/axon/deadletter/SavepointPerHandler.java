package dev.tally.platform.axon.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Runs each event handler of a dead-lettered class inside a savepoint of the batch's transaction. PostgreSQL aborts a
 * whole transaction at the first failed statement; without the savepoint, the dead-letter queue could not record the
 * failure (and the batch's other events could not be stored) in the same transaction. On failure the handler's own
 * writes are rolled back to the savepoint and the failure goes on to the dead-letter queue's policy.
 *
 * <p>Only statements a handler runs itself (JDBC) fail inside it. Writes through JPA are flushed at the batch's
 * commit, and a failed JPA flush marks the whole transaction for rollback: such a failure rolls the batch back and
 * it is retried, as without a dead-letter queue. Dead-lettered handlers therefore write through JDBC.
 *
 * <p>A unit of work holding the resource {@link #NONE} runs its handlers without savepoints: a projection rebuild,
 * which replays the whole history in one transaction. Thousands of savepoints in one transaction would each cost two
 * round trips and a PostgreSQL subtransaction, and past 64 of those every snapshot on the server gets slower. There a
 * failed statement aborts the transaction, so nothing can be parked after it: the rebuild fails at the first failure,
 * and the failure is kept in the unit of work as {@link #FAILURE} for the rebuild to name.
 */
public final class SavepointPerHandler implements HandlerEnhancerDefinition {
    /** The unit-of-work resource that turns savepoints off for its handlers. */
    public static final String NONE = SavepointPerHandler.class.getName() + ".none";
    /** Where a unit of work without savepoints keeps the first failure of a handler (an exception). */
    public static final String FAILURE = SavepointPerHandler.class.getName() + ".failure";

    private final DataSource dataSource;
    private final Predicate<Class<?>> deadLettered;
    /** By the handling object's class: a handler declared in a superclass is dead-lettered as its subclass says. */
    private final Map<Class<?>, Boolean> decided = new ConcurrentHashMap<>();

    public SavepointPerHandler(DataSource dataSource, Predicate<Class<?>> deadLettered) {
        this.dataSource = dataSource;
        this.deadLettered = deadLettered;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (savepointsOff()) {
                    try {
                        return super.handle(message, target);
                    } catch (Exception | Error e) {
                        CurrentUnitOfWork.get().resources().putIfAbsent(FAILURE, e);
                        throw e;
                    }
                }
                if (target == null || !TransactionSynchronizationManager.isActualTransactionActive()
                    || !decided.computeIfAbsent(target.getClass(), deadLettered::test)) {
                    return super.handle(message, target);
                }
                Connection connection = DataSourceUtils.getConnection(dataSource);
                Savepoint savepoint = connection.setSavepoint();
                Object result;
                try {
                    result = super.handle(message, target);
                } catch (Exception | Error e) {
                    try {
                        connection.rollback(savepoint);
                    } catch (SQLException rollbackFailed) {
                        e.addSuppressed(rollbackFailed);
                    }
                    throw e;
                }
                connection.releaseSavepoint(savepoint);
                return result;
            }
        };
    }

    private static boolean savepointsOff() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().resources().containsKey(NONE);
    }
}
