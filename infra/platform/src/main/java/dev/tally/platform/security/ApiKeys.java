package dev.tally.platform.security;

import dev.tally.kernel.ids.Base62;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API key secrets: {@code tly_<kind>_<43 base62 chars>} from 32 random bytes. Only the SHA-256 is ever stored; a
 * slow password hash is unnecessary because the secret has 256 bits of entropy.
 */
public final class ApiKeys {
    public static final String PREFIX = "tly_";
    public static final int SECRET_BYTES = 32;
    /** Characters of the secret shown in lists ("tly_live_AbC123…"); not enough to guess the rest. */
    public static final int DISPLAY_PREFIX_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate(String kind) {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + kind + "_" + Base62.encode(bytes);
    }

    public static String displayPrefix(String secret) {
        return secret.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, secret.length()));
    }

    public static String sha256Hex(String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Constant-time comparison of two secrets. */
    public static boolean matches(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                                     presented.getBytes(StandardCharsets.UTF_8));
    }
}
