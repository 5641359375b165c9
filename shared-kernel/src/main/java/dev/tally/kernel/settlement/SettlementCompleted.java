package dev.tally.kernel.settlement;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The net was credited to the merchant's available balance and the fee to the platform's revenue. */
@Revision("1")
public record SettlementCompleted(SettlementId settlementId, InvoiceId invoiceId, MerchantId merchantId,
                                  TokenAmount gross, TokenAmount fee, TokenAmount net, Instant completedAt) {
}
