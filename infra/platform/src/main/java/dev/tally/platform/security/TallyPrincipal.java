package dev.tally.platform.security;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

import java.util.Set;

/**
 * The authenticated caller of one request. Merchant principals carry their merchant, the key's scopes and its mode:
 * a test key sees and creates only test objects, a live key only live ones.
 */
public record TallyPrincipal(Role role, MerchantId merchantId, ApiKeyId apiKeyId, Set<String> scopes, Mode mode) {

    public TallyPrincipal {
        scopes = Set.copyOf(scopes);
        mode = Mode.orLive(mode);
    }

    /** A live caller. */
    public TallyPrincipal(Role role, MerchantId merchantId, ApiKeyId apiKeyId, Set<String> scopes) {
        this(role, merchantId, apiKeyId, scopes, Mode.LIVE);
    }

    /**
     * A request attribute (never a header: clients cannot set it) by which a filter of Tally's own, the dashboard's
     * test-mode switch, narrows a live key's request to test mode. Nothing widens a test key to live.
     */
    public static final String TEST_VIEW_ATTRIBUTE = "dev.tally.testView";

    /** The same caller seeing and creating test objects only. */
    public TallyPrincipal inTestMode() {
        return new TallyPrincipal(role, merchantId, apiKeyId, scopes, Mode.TEST);
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
