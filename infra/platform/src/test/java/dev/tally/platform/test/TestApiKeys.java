package dev.tally.platform.test;

import dev.tally.kernel.access.ApiKeyOwner;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.platform.security.ApiKeyOwners;
import dev.tally.platform.security.ApiKeys;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.dao.DataAccessResourceFailureException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the command side's credentials table in a module's tests without it: the platform's
 * {@link ApiKeyOwners} for keys the test issued, so requests authenticate through the real security chain.
 * {@code @Import} it into the test's context.
 */
@TestComponent
public class TestApiKeys implements ApiKeyOwners {
    private final Map<String, ApiKeyOwner> owners = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    /**
     * A new live merchant API key with the given scopes (events written without a mode are live); returns the secret
     * to send as a bearer token.
     */
    public String issue(MerchantId merchantId, String... scopes) {
        return issue(Mode.LIVE, merchantId, scopes);
    }

    /** A new merchant API key of {@code mode} with the given scopes. */
    public String issue(Mode mode, MerchantId merchantId, String... scopes) {
        String secret = ApiKeys.generate(mode.code());
        ApiKeyId keyId = ApiKeyId.of("key_" + ApiKeys.sha256Hex(secret).substring(0, 20));
        owners.put(ApiKeys.sha256Hex(secret), new ApiKeyOwner(merchantId, keyId, List.of(scopes)));
        return secret;
    }

    /** As the command side's table after a revocation: the key no longer resolves. */
    public void revoke(String secret) {
        owners.remove(ApiKeys.sha256Hex(secret));
    }

    /** As the credentials table while the database is away: every lookup fails, until called with false. */
    public void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    @Override
    public Optional<ApiKeyOwner> find(String secretHash) {
        if (unavailable) {
            throw new DataAccessResourceFailureException("the credentials table is not reachable (a test's outage)");
        }
        return Optional.ofNullable(owners.get(secretHash));
    }
}
