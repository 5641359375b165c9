package dev.tally.kernel.invoice;

import dev.tally.kernel.mode.Mode;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An invoice as its merchant sees it over the API. Amounts are decimal strings ("12.50") so that no client parses
 * money as a floating-point number.
 */
public record InvoiceView(
        InvoiceId id,
        InvoiceStatus status,
        String amount,
        Asset asset,
        Chain chain,
        String depositAddress,
        int requiredConfirmations,
        Instant expiresAt,
        Instant createdAt,
        String orderId,
        String description,
        Map<String, String> metadata,
        List<InvoicePaymentView> payments,
        Mode mode) {

    public InvoiceView {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        payments = payments == null ? List.of() : List.copyOf(payments);
    }

    public InvoiceView withPayments(List<InvoicePaymentView> payments) {
        return new InvoiceView(id, status, amount, asset, chain, depositAddress, requiredConfirmations, expiresAt,
                               createdAt, orderId, description, metadata, payments, mode);
    }

    public static InvoiceView created(InvoiceCreated event) {
        return new InvoiceView(event.invoiceId(), InvoiceStatus.PENDING, event.amount().toDecimalString(),
                event.amount().asset(), event.chain(), event.depositAddress(), event.requiredConfirmations(),
                event.expiresAt(), event.createdAt(), event.orderId(), event.description(), event.metadata(), List.of(),
                event.mode());
    }
}
