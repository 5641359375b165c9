package dev.tally.kernel.access;

import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Revoke one of the merchant's API keys. Revoking a revoked key changes nothing. */
public record RevokeApiKey(@TargetAggregateIdentifier MerchantId merchantId, ApiKeyId apiKeyId) {
}
