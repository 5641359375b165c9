package dev.tally.signer;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up refused because the signer's keystore does not open: which file and why, and what to check. */
public class SignerKeystoreFailureAnalyzer extends AbstractFailureAnalyzer<SignerKeystoreException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SignerKeystoreException cause) {
        return new FailureAnalysis(cause.getMessage(),
                                   "Check tally.signer.keystore (TALLY_SIGNER_KEYSTORE) and give the keystore's "
                                   + "password in TALLY_SIGNER_PASSWORD; make one with "
                                   + "'java -jar tally.jar signer-keystore generate <file>'. Without "
                                   + "tally.signer.keystore Tally runs with no signer.", cause);
    }
}
