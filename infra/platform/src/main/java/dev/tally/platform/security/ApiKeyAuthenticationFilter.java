package dev.tally.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** {@code Authorization: Bearer <api key>}; a present but wrong key is a 401 at once, on every path. */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {
    private static final String BEARER = "Bearer ";

    private final AuthenticationProvider provider;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiKeyAuthenticationFilter(AuthenticationProvider provider, AuthenticationEntryPoint entryPoint) {
        this.provider = provider;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        try {
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new BadCredentialsException("use 'Authorization: Bearer <API key>'");
            }
            var authentication = provider.authenticate(
                    ApiKeyAuthentication.unauthenticated(header.substring(BEARER.length()).trim()));
            if (Boolean.TRUE.equals(request.getAttribute(TallyPrincipal.TEST_VIEW_ATTRIBUTE))
                && authentication.getPrincipal() instanceof TallyPrincipal principal
                && principal.role() == Role.MERCHANT) {
                authentication = ApiKeyAuthentication.authenticated(principal.inTestMode());
            }
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(authentication);
            contexts.setContext(context);
        } catch (AuthenticationException e) {
            contexts.clearContext();
            entryPoint.commence(request, response, e);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
