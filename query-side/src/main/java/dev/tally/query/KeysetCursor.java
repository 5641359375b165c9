package dev.tally.query;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque position after the last row of a page, for lists ordered newest first by (created at, id): the creation
 * time in microseconds (PostgreSQL's precision) and the id, base64url-encoded. Keyset paging stays correct while new
 * rows arrive.
 */
public record KeysetCursor(Instant createdAt, String id) {

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L),
                                    createdAt.getNano() / 1_000);
        return Base64.getUrlEncoder().withoutPadding()
                     .encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<KeysetCursor> decode(String text) {
        if (text == null || text.isEmpty() || text.length() > 200) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 1 || colon == decoded.length() - 1) {
                return Optional.empty();
            }
            long micros = Long.parseLong(decoded.substring(0, colon));
            Instant createdAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                                                      Math.floorMod(micros, 1_000_000L) * 1_000L);
            return Optional.of(new KeysetCursor(createdAt, decoded.substring(colon + 1)));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }
}
