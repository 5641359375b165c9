package dev.tally.command.invoice;

import dev.tally.kernel.ids.InvoiceId;

import java.time.Instant;

/**
 * The one place where a cancellation and a payment of the same invoice are decided one after the other: the
 * invoice's deposit address. Implemented by the deposit-address book, which matches payments on the same row.
 */
public interface CancellationGuard {
    /** Closes the invoice's address unless a payment to it was matched already; false when a payment came first. */
    boolean closeUnlessPaid(InvoiceId invoiceId, Instant at);
}
