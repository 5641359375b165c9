package dev.tally.kernel.settlement;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The settlement no longer stands (its invoice lost a payment to a reorg). {@code wasCompleted}: its net had been
 * credited and its fee booked (the ledger takes both back when the invoice reverses the payment); otherwise it never
 * completes.
 */
@Revision("1")
public record SettlementReversed(SettlementId settlementId, InvoiceId invoiceId, MerchantId merchantId,
                                 TokenAmount gross, TokenAmount fee, TokenAmount net, boolean wasCompleted,
                                 String reason, Instant reversedAt) {
}
