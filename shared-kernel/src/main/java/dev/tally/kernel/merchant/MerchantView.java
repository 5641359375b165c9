package dev.tally.kernel.merchant;

import dev.tally.kernel.ids.MerchantId;

import java.time.Instant;

/** A merchant as the admin API shows it. */
public record MerchantView(
        MerchantId id,
        String name,
        int feeBasisPoints,
        Integer confirmationsOverride,
        Instant registeredAt) {

    public static MerchantView of(MerchantRegistered event) {
        return new MerchantView(event.merchantId(), event.name(), event.feeBasisPoints(),
                event.confirmationsOverride(), event.registeredAt());
    }
}
