package dev.tally.kernel.merchant;

import dev.tally.kernel.ids.MerchantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record MerchantRegistered(
        MerchantId merchantId,
        String name,
        int feeBasisPoints,
        Integer confirmationsOverride,
        String webhookUrl,
        Instant registeredAt) {
}
