package dev.tally.signer;

/** The signer's keystore cannot be written or opened; the message says which file and why. */
public class SignerKeystoreException extends RuntimeException {
    public SignerKeystoreException(String message) {
        super(message);
    }

    public SignerKeystoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
