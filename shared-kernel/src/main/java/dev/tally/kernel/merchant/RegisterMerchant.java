package dev.tally.kernel.merchant;

import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Register a merchant together with its first API key. Only the key's hash travels; the secret is shown to the
 * caller once and never stored.
 */
public record RegisterMerchant(
        @TargetAggregateIdentifier MerchantId merchantId,
        String name,
        int feeBasisPoints,
        Integer confirmationsOverride,
        ApiKeyId apiKeyId,
        String apiKeyPrefix,
        String apiKeySecretHash) {
}
