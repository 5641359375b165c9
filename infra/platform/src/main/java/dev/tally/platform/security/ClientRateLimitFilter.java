package dev.tally.platform.security;

import dev.tally.platform.ratelimit.ClientRateLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** Right after authentication: charges the request to its key's bucket, or an anonymous public request to its IP. */
class ClientRateLimitFilter extends OncePerRequestFilter {
    private final ClientRateLimits limits;

    ClientRateLimitFilter(ClientRateLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        TallyPrincipal caller = authentication != null && authentication.getPrincipal() instanceof TallyPrincipal p
                ? p : null;
        if (limits.admit(caller, request, response)) {
            chain.doFilter(request, response);
        }
    }
}
