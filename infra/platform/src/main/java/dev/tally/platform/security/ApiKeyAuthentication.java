package dev.tally.platform.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A presented API key before authentication, and the resolved principal after. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {
    private final transient String secret;
    private final TallyPrincipal principal;

    private ApiKeyAuthentication(String secret, TallyPrincipal principal, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.secret = secret;
        this.principal = principal;
        setAuthenticated(principal != null);
    }

    public static ApiKeyAuthentication unauthenticated(String secret) {
        return new ApiKeyAuthentication(secret, null, List.of());
    }

    public static ApiKeyAuthentication authenticated(TallyPrincipal principal) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + principal.role().name()));
        principal.scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
        return new ApiKeyAuthentication(null, principal, authorities);
    }

    @Override
    public String getCredentials() {
        return secret;
    }

    @Override
    public TallyPrincipal getPrincipal() {
        return principal;
    }
}
