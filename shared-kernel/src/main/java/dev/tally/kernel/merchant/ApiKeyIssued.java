package dev.tally.kernel.merchant;

import dev.tally.kernel.access.ApiKeyRules;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A merchant got an API key. Carries the SHA-256 of the secret (a 256-bit random value, so the hash reveals
 * nothing usable) and a short non-secret prefix for lists; never the secret. Revision 2 added {@code name}
 * (revision 1 events are upcast with {@link ApiKeyRules#FIRST_KEY_NAME}).
 */
@Revision("2")
public record ApiKeyIssued(
        MerchantId merchantId,
        ApiKeyId apiKeyId,
        String prefix,
        String secretHash,
        List<String> scopes,
        Instant issuedAt,
        String name) {
    public ApiKeyIssued {
        scopes = List.copyOf(scopes);
        name = name == null ? ApiKeyRules.FIRST_KEY_NAME : name;
    }

    /** The key issued with a merchant's registration. */
    public ApiKeyIssued(MerchantId merchantId, ApiKeyId apiKeyId, String prefix, String secretHash,
                        List<String> scopes, Instant issuedAt) {
        this(merchantId, apiKeyId, prefix, secretHash, scopes, issuedAt, ApiKeyRules.FIRST_KEY_NAME);
    }
}
