package dev.tally.command.address;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up refused for a real chain without an xpub: the message, and the property to set. */
public class DepositKeysFailureAnalyzer extends AbstractFailureAnalyzer<DepositKeysMissingException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DepositKeysMissingException cause) {
        return new FailureAnalysis(cause.getMessage(),
                                   "Set " + cause.property() + " (or TALLY_" + cause.property().substring(6)
                                           .toUpperCase(java.util.Locale.ROOT).replace('.', '_')
                                   + "), or remove the chain's endpoints to run without it.", cause);
    }
}
