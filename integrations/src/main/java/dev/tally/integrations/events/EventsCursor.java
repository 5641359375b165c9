package dev.tally.integrations.events;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The events API's opaque position: the number ({@code merchant_seq}) of the last of the merchant's events a page
 * showed, base64url-encoded. A merchant's events are numbered in commit order by the table's single writer, so
 * "after this cursor" misses nothing that commits later, and the number tells nothing of other merchants.
 */
public final class EventsCursor {
    private static final String PREFIX = "pos:";
    private static final int LENGTH_MAX = 64;

    private EventsCursor() {
    }

    public static String encode(long position) {
        return Base64.getUrlEncoder().withoutPadding()
                     .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor this API returned stands for; empty for anything else. */
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
