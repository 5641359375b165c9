package dev.tally.platform.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The global tier: every request except {@code /actuator/**} (health probes must answer under load), before
 * authentication, so a flood costs one bucket check and nothing else. The bucket is this node's, in memory, holding
 * its share of the global figure ({@code global / nodes}): no database round trip and no row every request locks,
 * so a flood never serializes the merchants behind one lock. Its headers appear only on its own 429; the per-client
 * tiers (shared by all nodes, in PostgreSQL) set them otherwise.
 */
public class GlobalRateLimitFilter extends OncePerRequestFilter {
    private final Bucket bucket;
    private final long share;
    private final ObjectMapper mapper;

    public GlobalRateLimitFilter(RateLimitProperties properties, ObjectMapper mapper) {
        RateLimitProperties.Limit global = properties.getGlobal();
        this.share = Math.max(1, global.getRequests() / properties.getNodes());
        this.bucket = Bucket.builder()
                            .addLimit(Bandwidth.builder().capacity(share).refillGreedy(share, global.getPeriod())
                                               .build())
                            .build();
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // A peer service's queries are the system's own traffic, not a client's.
        return path.startsWith("/actuator") || path.startsWith("/internal/messages/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimiter.Outcome outcome = RateLimiter.outcome(bucket.tryConsumeAndReturnRemaining(1), share);
        if (!outcome.allowed()) {
            RateLimitHeaders.reject(request, response, mapper, outcome, "this service (all clients together)");
            return;
        }
        chain.doFilter(request, response);
    }
}
