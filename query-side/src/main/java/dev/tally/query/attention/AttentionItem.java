package dev.tally.query.attention;

import java.time.Instant;

/**
 * Work that waits for a person. {@code kind}: {@code PAYMENT_STUCK} (a payment neither confirmed nor failed long after
 * it was detected; {@code subjectId} is the payment) or {@code COMMAND_REFUSED} (a step of a saga was refused;
 * {@code subjectId} names the refused command).
 */
public record AttentionItem(String id, String kind, String invoiceId, String subjectId, String reason,
                            Instant openedAt) {
}
