package dev.tally.kernel.payment;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The block of a confirmed payment left the canonical chain before the chain made it final: the money it credited
 * did not arrive after all. The invoice takes it back; the transfer may be seen again in another block.
 */
@Revision("1")
public record PaymentReversed(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, TokenAmount amount,
                              String blockHash, Instant reversedAt) {
}
