package dev.tally.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.kernel.access.ApiKeyOwner;
import dev.tally.kernel.access.ApiKeyRole;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.ids.ApiKeyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

import java.util.HashSet;
import java.util.Optional;

/**
 * Resolves a bearer API key: the admin key, or a stored key looked up by the SHA-256 of its secret in
 * {@link ApiKeyOwners} (the credentials table the command side writes), so any Tally service can authenticate.
 * Resolved keys are cached (every request needs one) for a short time; {@link #forget(ApiKeyId)} drops a revoked
 * key at once. Unknown keys are not cached.
 */
public class ApiKeyAuthenticationProvider implements AuthenticationProvider {
    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationProvider.class);

    private final AdminKey adminKey;
    private final ApiKeyOwners owners;
    private final Cache<String, TallyPrincipal> resolved;

    public ApiKeyAuthenticationProvider(AdminKey adminKey, ApiKeyOwners owners) {
        this(adminKey, owners, new TallySecurityProperties.ApiKeyCache());
    }

    public ApiKeyAuthenticationProvider(AdminKey adminKey, ApiKeyOwners owners,
                                        TallySecurityProperties.ApiKeyCache cache) {
        this.adminKey = adminKey;
        this.owners = owners;
        this.resolved = Caffeine.newBuilder()
                                .expireAfterWrite(cache.getTtl())
                                .maximumSize(cache.getTtl().isZero() ? 0 : cache.getMaxSize())
                                .build();
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String secret = ((ApiKeyAuthentication) authentication).getCredentials();
        if (secret == null || secret.length() > AdminKey.LENGTH_MAX) {
            throw new BadCredentialsException("invalid API key");
        }
        if (adminKey.matches(secret)) {
            return ApiKeyAuthentication.authenticated(TallyPrincipal.admin());
        }
        if (!secret.startsWith(ApiKeys.PREFIX)) {
            throw new BadCredentialsException("invalid API key");
        }
        String hash = ApiKeys.sha256Hex(secret);
        TallyPrincipal principal = resolved.getIfPresent(hash);
        if (principal == null) {
            Mode mode = Mode.ofApiKey(secret);
            principal = lookUp(hash).map(owner -> principal(owner, mode))
                                    .orElseThrow(() -> new BadCredentialsException("invalid API key"));
            resolved.put(hash, principal);
        }
        return ApiKeyAuthentication.authenticated(principal);
    }

    /** Drops a key from the cache, so a revocation takes effect at once on this node. */
    public void forget(ApiKeyId apiKeyId) {
        resolved.asMap().values().removeIf(p -> apiKeyId.equals(p.apiKeyId()));
    }

    /** The key's mode is part of its secret (and so of the hash it was found by): it cannot be changed later. */
    private static TallyPrincipal principal(ApiKeyOwner owner, Mode mode) {
        Role role = owner.role() == ApiKeyRole.AUDITOR ? Role.AUDITOR : Role.MERCHANT;
        return new TallyPrincipal(role, owner.merchantId(), owner.apiKeyId(), new HashSet<>(owner.scopes()), mode);
    }

    /** A failed lookup is the service's trouble, not the client's: a 503 to try again, and a warning here. */
    private Optional<ApiKeyOwner> lookUp(String secretHash) {
        try {
            return owners.find(secretHash);
        } catch (RuntimeException e) {
            log.warn("API keys cannot be checked: {}", e.toString());
            throw new AuthenticationServiceException("API keys cannot be checked right now", e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
