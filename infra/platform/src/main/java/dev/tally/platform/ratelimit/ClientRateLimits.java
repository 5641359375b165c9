package dev.tally.platform.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.platform.security.TallyPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The per-client tiers. An authenticated request is governed by its API key's buckets only (an integrator's server
 * behind one IP is not throttled per IP); an unauthenticated one by its client IP, on the public endpoints and on
 * every failed authentication. The client IP is the socket's address, which is the proxy's unless
 * {@code server.forward-headers-strategy} tells Tally to trust {@code X-Forwarded-For} / {@code Forwarded}.
 */
public class ClientRateLimits {
    public static final String INVOICE_CREATION = "invoice-creation";
    public static final String READS = "reads";
    public static final String WRITES = "writes";

    private static final List<PathPattern> ANONYMOUS_PATHS = List.of(
            PathPatternParser.defaultInstance.parse("/api/v1/public/**"),
            PathPatternParser.defaultInstance.parse("/pay/**"));
    private static final PathPattern INVOICES = PathPatternParser.defaultInstance.parse("/api/v1/invoices");

    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final ObjectMapper mapper;

    public ClientRateLimits(RateLimiter limiter, RateLimitProperties properties, ObjectMapper mapper) {
        this.limiter = limiter;
        this.properties = properties;
        this.mapper = mapper;
    }

    /**
     * Charges an authenticated request to its key, or an unauthenticated one on a public path to its IP. Sets the
     * headers; answers 429 and returns false when the bucket is empty.
     */
    public boolean admit(TallyPrincipal caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String path = path(request);
        if (caller != null) {
            String key = caller.apiKeyId() == null ? caller.role().name().toLowerCase(Locale.ROOT)
                                                   : caller.apiKeyId().value();
            String method = request.getMethod().toUpperCase(Locale.ROOT);
            String tier;
            RateLimitProperties.Limit limit;
            if (method.equals("POST") && INVOICES.matches(PathContainer.parsePath(path))) {
                tier = INVOICE_CREATION;
                limit = properties.getApiKey().getInvoiceCreation();
            } else if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
                tier = READS;
                limit = properties.getApiKey().getReads();
            } else {
                tier = WRITES;
                limit = properties.getApiKey().getWrites();
            }
            return admit(request, response, "key-" + tier, key, limit, "this API key (" + tier + ")");
        }
        PathContainer container = PathContainer.parsePath(path);
        if (ANONYMOUS_PATHS.stream().anyMatch(p -> p.matches(container))) {
            return admitByIp(request, response);
        }
        return true;
    }

    /** Charges a failed authentication (or an anonymous call to a protected path) to the client IP. */
    public boolean admitByIp(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return admit(request, response, "ip", request.getRemoteAddr(), properties.getIp(), "this client address");
    }

    private boolean admit(HttpServletRequest request, HttpServletResponse response, String tier, String key,
                          RateLimitProperties.Limit limit, String what) throws IOException {
        RateLimiter.Outcome outcome = limiter.consume(tier, key, limit);
        if (outcome.allowed()) {
            RateLimitHeaders.set(response, outcome);
            return true;
        }
        RateLimitHeaders.reject(request, response, mapper, outcome, what);
        return false;
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
