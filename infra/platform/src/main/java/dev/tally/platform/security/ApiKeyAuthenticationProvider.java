package dev.tally.platform.security;

import dev.tally.kernel.access.ApiKeyOwner;
import dev.tally.kernel.access.FindApiKeyOwner;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a bearer API key: the admin key, or a merchant key looked up by the SHA-256 of its secret over the query
 * bus (the command side owns the credentials), so any Tally service can authenticate without sharing tables.
 */
public class ApiKeyAuthenticationProvider implements AuthenticationProvider {
    private final AdminKey adminKey;
    private final QueryGateway queryGateway;

    public ApiKeyAuthenticationProvider(AdminKey adminKey, QueryGateway queryGateway) {
        this.adminKey = adminKey;
        this.queryGateway = queryGateway;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String secret = ((ApiKeyAuthentication) authentication).getCredentials();
        if (secret == null || !secret.startsWith(ApiKeys.PREFIX) || secret.length() > 200) {
            throw new BadCredentialsException("invalid API key");
        }
        if (adminKey.matches(secret)) {
            return ApiKeyAuthentication.authenticated(TallyPrincipal.admin());
        }
        Optional<ApiKeyOwner> owner = lookUp(ApiKeys.sha256Hex(secret));
        return owner.map(o -> ApiKeyAuthentication.authenticated(
                            new TallyPrincipal(Role.MERCHANT, o.merchantId(), o.apiKeyId(), new HashSet<>(o.scopes()))))
                    .orElseThrow(() -> new BadCredentialsException("invalid API key"));
    }

    private Optional<ApiKeyOwner> lookUp(String secretHash) {
        try {
            return queryGateway.query(new FindApiKeyOwner(secretHash), ResponseTypes.optionalInstanceOf(ApiKeyOwner.class))
                               .get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationServiceException("interrupted while checking the API key", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AuthenticationServiceException("API keys cannot be checked right now", e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
