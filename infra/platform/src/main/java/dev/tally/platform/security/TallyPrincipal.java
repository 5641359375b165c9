package dev.tally.platform.security;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;

import java.util.Set;

/** The authenticated caller of one request. Merchant principals carry their merchant and the key's scopes. */
public record TallyPrincipal(Role role, MerchantId merchantId, ApiKeyId apiKeyId, Set<String> scopes) {

    public TallyPrincipal {
        scopes = Set.copyOf(scopes);
    }

    public static TallyPrincipal admin() {
        return new TallyPrincipal(Role.ADMIN, null, null, Set.of());
    }

    /** The caller's merchant; a 403 for callers that are not a merchant. */
    public MerchantId requireMerchant() {
        if (role != Role.MERCHANT || merchantId == null) {
            throw new DomainException(ErrorCode.FORBIDDEN, "this operation needs a merchant API key");
        }
        return merchantId;
    }
}
