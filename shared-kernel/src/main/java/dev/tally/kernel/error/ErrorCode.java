package dev.tally.kernel.error;

/**
 * Stable reasons a request is refused. They cross the command and query buses as details of the exception, and the
 * REST layer turns each into an RFC 9457 problem whose {@code type} is {@link #typeUri()}.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication required"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    INSUFFICIENT_SCOPE(403, "insufficient-scope", "The API key lacks a scope"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    INVALID_STATE(409, "invalid-state", "Not allowed in the current state"),
    IDEMPOTENCY_KEY_IN_PROGRESS(409, "idempotency-key-in-progress", "A request with this Idempotency-Key is in progress"),
    CONCURRENT_MODIFICATION(409, "concurrent-modification", "Concurrent modification"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency-Key reused with a different request"),
    RULE_VIOLATION(422, "rule-violation", "Request breaks a business rule"),
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable"),
    INTERNAL_ERROR(500, "internal-error", "Internal error");

    /** Problem type URIs are stable identifiers (RFC 9457 §3.1.1), documented in docs/errors.md. */
    public static final String TYPE_URI_PREFIX = "urn:tally:problem:";

    private final int httpStatus;
    private final String slug;
    private final String title;

    ErrorCode(int httpStatus, String slug, String title) {
        this.httpStatus = httpStatus;
        this.slug = slug;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String typeUri() {
        return TYPE_URI_PREFIX + slug;
    }
}
