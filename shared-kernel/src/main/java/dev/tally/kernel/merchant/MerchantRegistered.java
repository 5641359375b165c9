package dev.tally.kernel.merchant;

import dev.tally.kernel.ids.MerchantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A merchant was registered. {@code webhookUrl} is only ever set in events stored before registration stopped taking
 * one (webhooks go to webhook endpoints); it is null in every new event and shown nowhere.
 */
@Revision("1")
public record MerchantRegistered(
        MerchantId merchantId,
        String name,
        int feeBasisPoints,
        Integer confirmationsOverride,
        String webhookUrl,
        Instant registeredAt) {
}
