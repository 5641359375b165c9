package dev.tally.kernel.access;

import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;

import java.util.List;

/** The merchant an active API key belongs to, and what the key may do. */
public record ApiKeyOwner(MerchantId merchantId, ApiKeyId apiKeyId, List<String> scopes) {
    public ApiKeyOwner {
        scopes = List.copyOf(scopes);
    }
}
