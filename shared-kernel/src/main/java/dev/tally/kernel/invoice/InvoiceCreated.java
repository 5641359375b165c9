package dev.tally.kernel.invoice;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.mode.Mode;

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
 * fee rate at that moment, and its mode (live or test: which chain pays it, and which keys see it).
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
        Instant expiresAt,
        Mode mode) {

    @JsonCreator
    public InvoiceCreated {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        mode = Mode.orLive(mode);
    }

    /** A live invoice (and how events written before modes read). */
    public InvoiceCreated(InvoiceId invoiceId, MerchantId merchantId, String orderId, TokenAmount amount, Chain chain,
                          String depositAddress, long derivationIndex, int requiredConfirmations, int feeBasisPoints,
                          String description, Map<String, String> metadata, Instant createdAt, Instant expiresAt) {
        this(invoiceId, merchantId, orderId, amount, chain, depositAddress, derivationIndex, requiredConfirmations,
             feeBasisPoints, description, metadata, createdAt, expiresAt, Mode.LIVE);
    }
}
