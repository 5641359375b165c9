package dev.tally.kernel.access;

import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;

import java.util.List;
import java.util.Objects;

/**
 * Who an active API key speaks for, and what it may do. {@code merchantId} is null for auditor keys, which belong
 * to no merchant.
 */
public record ApiKeyOwner(ApiKeyRole role, MerchantId merchantId, ApiKeyId apiKeyId, List<String> scopes) {
    public ApiKeyOwner {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        if (role == ApiKeyRole.MERCHANT) {
            Objects.requireNonNull(merchantId, "merchantId");
        }
        scopes = List.copyOf(scopes);
    }

    /** A merchant's key. */
    public ApiKeyOwner(MerchantId merchantId, ApiKeyId apiKeyId, List<String> scopes) {
        this(ApiKeyRole.MERCHANT, merchantId, apiKeyId, scopes);
    }
}
