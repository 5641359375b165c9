package dev.tally.kernel.signing;

/**
 * The signer's answer to {@link SignTransfer}: exactly one of {@code signed} and {@code refusedBecause}.
 */
public record SigningOutcome(TransferSigned signed, String refusedBecause) {
    public SigningOutcome {
        if ((signed == null) == (refusedBecause == null)) {
            throw new IllegalArgumentException("a signing outcome is either signed or refused");
        }
    }

    public static SigningOutcome signed(TransferSigned signed) {
        return new SigningOutcome(signed, null);
    }

    public static SigningOutcome refused(String reason) {
        return new SigningOutcome(null, reason);
    }

    public boolean isSigned() {
        return signed != null;
    }
}
