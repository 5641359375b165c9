package dev.tally.kernel.payment;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The block holding the transfer left the canonical chain before the threshold; it may be detected again. */
@Revision("1")
public record PaymentOrphaned(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                              String blockHash, Instant orphanedAt) {
}
