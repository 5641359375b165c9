package dev.tally.platform.axon;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon when an append hit a unique constraint, so that two writers of the same aggregate (or two creations of
 * the same id) end in a {@code ConcurrencyException} instead of an opaque storage error. Axon's
 * {@code JdbcSQLErrorCodesResolver} looks for {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL
 * driver never throws; PostgreSQL says {@code unique_violation} with SQLState 23505.
 */
public class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {
    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
