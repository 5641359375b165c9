package dev.tally.command;

import dev.tally.kernel.ids.Base62;

import java.security.SecureRandom;

/** New identifiers: a type prefix and 16 random bytes in base62 (22 characters, 128 bits). */
public final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    public static String next(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + Base62.encode(bytes);
    }
}
