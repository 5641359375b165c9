package dev.tally.watcher.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up stops on a bad chain setting with the property and what to do, not a stack trace. */
public class ChainConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ChainConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ChainConfigurationException cause) {
        return new FailureAnalysis("The chain watcher's configuration is not usable: " + cause.getMessage(),
                "Fix " + cause.property() + " (see docs/chain-watcher.md), or remove the tally.chains entry to "
                + "watch no chain.", cause);
    }
}
