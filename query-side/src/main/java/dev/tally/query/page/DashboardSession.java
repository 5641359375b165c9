package dev.tally.query.page;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The dashboard's session: the merchant's API key in an HttpOnly, SameSite=Strict cookie (Secure over HTTPS), never
 * visible to scripts; and a random CSRF token in a second cookie that the page repeats in a header (or form field)
 * on every state-changing request — a cross-site request cannot read it.
 */
final class DashboardSession {
    static final String KEY_COOKIE = "tally_session";
    static final String CSRF_COOKIE = "tally_csrf";
    /** {@code test} while a live key's session views test mode (the dashboard's switch). */
    static final String MODE_COOKIE = "tally_mode";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "csrf";

    private static final SecureRandom RANDOM = new SecureRandom();

    private DashboardSession() {
    }

    static Optional<String> apiKey(HttpServletRequest request) {
        return cookie(request, KEY_COOKIE);
    }

    /** Whether the session views test mode: always for a test key, by the switch for a live one. */
    static boolean testView(HttpServletRequest request) {
        return cookie(request, MODE_COOKIE).filter("test"::equals).isPresent();
    }

    static void view(HttpServletRequest request, HttpServletResponse response, boolean test) {
        set(request, response, MODE_COOKIE, test ? "test" : "", test ? -1 : 0);
    }

    static Optional<String> csrfToken(HttpServletRequest request) {
        return cookie(request, CSRF_COOKIE);
    }

    static void open(HttpServletRequest request, HttpServletResponse response, String apiKey) {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        set(request, response, KEY_COOKIE, apiKey, -1);
        set(request, response, CSRF_COOKIE, Base64.getUrlEncoder().withoutPadding().encodeToString(token), -1);
    }

    static void close(HttpServletRequest request, HttpServletResponse response) {
        set(request, response, KEY_COOKIE, "", 0);
        set(request, response, CSRF_COOKIE, "", 0);
        set(request, response, MODE_COOKIE, "", 0);
    }

    /** Whether {@code presented} is this session's CSRF token (compared in constant time). */
    static boolean csrfMatches(HttpServletRequest request, String presented) {
        Optional<String> expected = csrfToken(request);
        return presented != null && expected.isPresent() && !expected.get().isEmpty()
               && MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8),
                                        presented.getBytes(StandardCharsets.UTF_8));
    }

    private static void set(HttpServletRequest request, HttpServletResponse response, String name, String value,
                            long maxAgeSeconds) {
        ResponseCookie cookie = ResponseCookie.from(name, value)
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Strict")
                .path("/")
                .maxAge(maxAgeSeconds)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    private static Optional<String> cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(name) && cookie.getValue() != null && !cookie.getValue().isEmpty()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }
}
