package dev.tally.kernel.payment;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.PaymentId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Milestone: the transfer is in a block (CONFIRMING). */
@Revision("1")
public record PaymentIncludedInBlock(PaymentId paymentId, InvoiceId invoiceId, Long blockNumber, String blockHash,
                                     int confirmations, Instant at) {
}
