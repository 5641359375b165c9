package dev.tally.kernel.merchant;

import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Register a merchant together with its first API keys: a live one and, when given, a test one. Only the keys'
 * hashes travel; the secrets are shown to the caller once and never stored.
 */
public record RegisterMerchant(
        @TargetAggregateIdentifier MerchantId merchantId,
        String name,
        int feeBasisPoints,
        Integer confirmationsOverride,
        ApiKeyId apiKeyId,
        String apiKeyPrefix,
        String apiKeySecretHash,
        ApiKeyId testApiKeyId,
        String testApiKeyPrefix,
        String testApiKeySecretHash) {

    /** Registration with a live key only. */
    public RegisterMerchant(MerchantId merchantId, String name, int feeBasisPoints, Integer confirmationsOverride,
                            ApiKeyId apiKeyId, String apiKeyPrefix, String apiKeySecretHash) {
        this(merchantId, name, feeBasisPoints, confirmationsOverride, apiKeyId, apiKeyPrefix, apiKeySecretHash, null,
             null, null);
    }
}
