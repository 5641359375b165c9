package dev.tally.kernel.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/**
 * An invoice was created. Carries everything a reader needs, including the terms fixed at creation: the deposit
 * address (and its derivation index, for the wallet that sweeps it), the required confirmations and the merchant's
 * fee rate at that moment.
 */
@Revision("1")
public record InvoiceCreated(
        InvoiceId invoiceId,
        MerchantId merchantId,
        String orderId,
        TokenAmount amount,
        Chain chain,
        String depositAddress,
        long derivationIndex,
        int requiredConfirmations,
        int feeBasisPoints,
        String description,
        Map<String, String> metadata,
        Instant createdAt,
        Instant expiresAt) {
    public InvoiceCreated {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
