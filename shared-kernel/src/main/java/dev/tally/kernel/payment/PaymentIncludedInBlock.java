package dev.tally.kernel.payment;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.PaymentId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Milestone: the transfer is in a block (CONFIRMING). Revision 2 renamed revision 1's {@code at} to
 * {@code includedAt}; stored revision-1 events are upcast on read (docs/audit.md, schema evolution).
 */
@Revision("2")
public record PaymentIncludedInBlock(PaymentId paymentId, InvoiceId invoiceId, Long blockNumber, String blockHash,
                                     int confirmations, Instant includedAt) {

    /** Revision 1's name, kept so readers written against it still compile; use {@link #includedAt()}. */
    @Deprecated(forRemoval = true)
    public Instant at() {
        return includedAt;
    }
}
