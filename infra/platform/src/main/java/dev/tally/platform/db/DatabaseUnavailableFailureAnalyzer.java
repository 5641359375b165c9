package dev.tally.platform.db;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns "PostgreSQL is not there" into the two lines a newcomer needs instead of a stack trace. */
public class DatabaseUnavailableFailureAnalyzer
        extends AbstractFailureAnalyzer<DatabaseBootstrapEnvironmentPostProcessor.DatabaseUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure,
                                      DatabaseBootstrapEnvironmentPostProcessor.DatabaseUnavailableException cause) {
        String message = cause.getMessage();
        int split = message.indexOf('\n');
        return new FailureAnalysis(split < 0 ? message : message.substring(0, split),
                                   split < 0 ? "Start PostgreSQL or set TALLY_DB_URL." : message.substring(split + 1),
                                   cause);
    }
}
