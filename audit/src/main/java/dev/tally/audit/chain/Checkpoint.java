package dev.tally.audit.chain;

import java.nio.charset.StandardCharsets;

/**
 * A signed statement: the hash chain's head at {@code globalIndex} had {@code digest} (hex) at {@code signedAt}
 * (ISO-8601). The signature (base64, Ed25519) covers {@link #statement()}; {@code publicKey} is the signer's
 * X.509-encoded key (base64). An auditor records it and later asks whether it still holds.
 */
public record Checkpoint(long globalIndex, String digest, String signedAt, String algorithm, String publicKey,
                         String signature) {

    /** The exact bytes signed: {@code tally-checkpoint/1 <globalIndex> <digest> <signedAt>}. */
    public byte[] statement() {
        return statement(globalIndex, digest, signedAt);
    }

    public static byte[] statement(long globalIndex, String digest, String signedAt) {
        return ("tally-checkpoint/1 " + globalIndex + " " + digest + " " + signedAt).getBytes(StandardCharsets.UTF_8);
    }
}
