package dev.tally.query.invoice;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque position after the last invoice of a page: its creation time (microseconds, PostgreSQL's precision)
 * and id, base64url-encoded. Keyset paging stays correct while new invoices arrive.
 */
public record InvoiceCursor(Instant createdAt, String invoiceId) {

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L), createdAt.getNano() / 1_000);
        return Base64.getUrlEncoder().withoutPadding()
                     .encodeToString((micros + ":" + invoiceId).getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<InvoiceCursor> decode(String text) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 1) {
                return Optional.empty();
            }
            long micros = Long.parseLong(decoded.substring(0, colon));
            Instant createdAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                                                      Math.floorMod(micros, 1_000_000L) * 1_000L);
            return Optional.of(new InvoiceCursor(createdAt, decoded.substring(colon + 1)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
