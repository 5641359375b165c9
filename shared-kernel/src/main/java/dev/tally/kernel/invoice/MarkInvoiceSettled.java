package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.SettlementId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record MarkInvoiceSettled(@TargetAggregateIdentifier InvoiceId invoiceId, SettlementId settlementId,
                                 Instant settledAt) {
}
