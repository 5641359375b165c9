package dev.tally.query.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lets the dashboard call the API with its session cookie: a request to {@code /api/} without an Authorization
 * header but with the session cookie is presented to the platform's API-key security as {@code Bearer <key>}, so
 * every controller's role and scope checks apply unchanged. A state-changing request must also repeat the CSRF
 * token (header {@value DashboardSession#CSRF_HEADER}); without it the cookie is refused with 403. While the
 * session's test-mode switch is on, the request is narrowed to test mode. Runs before Spring Security's filter chain.
 */
class DashboardSessionFilter extends OncePerRequestFilter {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ObjectMapper mapper;

    DashboardSessionFilter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Public endpoints never need the merchant's key (and must not fail when the key was revoked).
        return !request.getRequestURI().startsWith("/api/") || request.getRequestURI().startsWith("/api/v1/public/")
               || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false; // the live streams end in an async dispatch, which must carry the same credentials
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> key = DashboardSession.apiKey(request);
        if (key.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (!SAFE_METHODS.contains(request.getMethod())
            && !DashboardSession.csrfMatches(request, request.getHeader(DashboardSession.CSRF_HEADER))) {
            Problems.write(response, mapper, Problems.of(ErrorCode.FORBIDDEN,
                    "a request with the dashboard's session cookie must repeat its CSRF token in the "
                    + DashboardSession.CSRF_HEADER + " header"), request.getRequestURI());
            return;
        }
        if (DashboardSession.testView(request)) {
            request.setAttribute(TallyPrincipal.TEST_VIEW_ATTRIBUTE, true);
        }
        chain.doFilter(new WithBearer(request, "Bearer " + key.get()), response);
    }

    private static final class WithBearer extends HttpServletRequestWrapper {
        private final String authorization;

        WithBearer(HttpServletRequest request, String authorization) {
            super(request);
            this.authorization = authorization;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? authorization : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(authorization)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()));
            names.add(HttpHeaders.AUTHORIZATION);
            return Collections.enumeration(names);
        }
    }
}
