package dev.tally.platform.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets through to {@code /internal/messages/**} only a caller that sends the secret the services share, compared in
 * constant time, before anything of the request is read: anyone else gets a bare 401.
 */
class PeerSecretFilter extends OncePerRequestFilter {
    private final byte[] secret;

    PeerSecretFilter(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String caller = request.getHeader(Wire.SECRET_HEADER);
        if (caller == null || !MessageDigest.isEqual(secret, caller.getBytes(StandardCharsets.UTF_8))) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        chain.doFilter(request, response);
    }
}
