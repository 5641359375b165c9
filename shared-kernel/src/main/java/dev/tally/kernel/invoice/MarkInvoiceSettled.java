package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The invoice's settlement completed, splitting {@code gross} into {@code fee} and the merchant's net. */
public record MarkInvoiceSettled(@TargetAggregateIdentifier InvoiceId invoiceId, SettlementId settlementId,
                                 Instant settledAt, TokenAmount gross, TokenAmount fee) {
    public MarkInvoiceSettled(InvoiceId invoiceId, SettlementId settlementId, Instant settledAt) {
        this(invoiceId, settlementId, settledAt, null, null);
    }
}
