package dev.tally.platform.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The global tier: every request except {@code /actuator/**} (health probes must answer under load), before
 * authentication, so a flood costs one bucket check and nothing else. Its headers appear only on its own 429; the
 * per-client tiers set them otherwise.
 */
public class GlobalRateLimitFilter extends OncePerRequestFilter {
    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final ObjectMapper mapper;

    public GlobalRateLimitFilter(RateLimiter limiter, RateLimitProperties properties, ObjectMapper mapper) {
        this.limiter = limiter;
        this.properties = properties;
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length()).startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimiter.Outcome outcome = limiter.consume("global", "all", properties.getGlobal());
        if (!outcome.allowed()) {
            RateLimitHeaders.reject(request, response, mapper, outcome, "this service (all clients together)");
            return;
        }
        chain.doFilter(request, response);
    }
}
