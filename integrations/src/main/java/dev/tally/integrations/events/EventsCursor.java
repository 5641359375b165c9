package dev.tally.integrations.events;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The events API's opaque position: the {@code seq} of the last event a page showed, base64url-encoded. Events are
 * listed by {@code seq}, which grows in commit order, so "after this cursor" misses nothing that commits later.
 */
public final class EventsCursor {
    private static final String PREFIX = "seq:";
    private static final int LENGTH_MAX = 64;

    private EventsCursor() {
    }

    public static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                     .encodeToString((PREFIX + seq).getBytes(StandardCharsets.UTF_8));
    }

    /** The seq a cursor this API returned stands for; empty for anything else. */
    public static Optional<Long> decode(String cursor) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > LENGTH_MAX) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String digits = text.substring(PREFIX.length());
            if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(digits));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
