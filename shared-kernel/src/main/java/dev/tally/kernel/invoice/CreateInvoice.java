package dev.tally.kernel.invoice;

import dev.tally.kernel.mode.Mode;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.util.Map;

/**
 * Create an invoice. The handler allocates the deposit address, fixes the required confirmations and the fee rate,
 * and schedules the expiry. A live invoice is paid on its real chain, a test one only on the sandbox chain.
 * Answers the {@link InvoiceCreated} event it applied.
 */
public record CreateInvoice(
        @TargetAggregateIdentifier InvoiceId invoiceId,
        MerchantId merchantId,
        TokenAmount amount,
        Chain chain,
        String orderId,
        String description,
        Map<String, String> metadata,
        Duration expiresAfter,
        Mode mode) {
    public CreateInvoice {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        mode = Mode.orLive(mode);
    }
}
