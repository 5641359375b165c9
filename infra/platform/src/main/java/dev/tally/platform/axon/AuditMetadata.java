package dev.tally.platform.axon;

import dev.tally.platform.security.TallyPrincipal;

/**
 * The metadata keys every stored event carries, for auditors (docs/audit.md): who caused it and along which causal
 * chain. {@code correlationId} is shared by everything that follows from one root (an HTTP request, a chain
 * observation, a deadline); {@code causationId} is the identifier of the message that directly caused this one.
 */
public final class AuditMetadata {
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    /**
     * Who acted: {@code key:<apiKeyId>} (an API key), {@code admin} (the admin key), {@code chain:<chain>:<txHash>}
     * (a chain observation), {@code saga:<SagaType>}, {@code processor:<name>} (another event handler),
     * {@code deadline:<name>}, or {@code system} (started in-process, by no one above).
     */
    public static final String PRINCIPAL = "principal";
    /** How a chain observation arrived when not in-process, e.g. {@code kafka:<topic>-<partition>@<offset>}. */
    public static final String TRANSPORT = "transport";
    /** The HTTP header a client may send to choose the correlation id of its request. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    public static final String SYSTEM = "system";

    private AuditMetadata() {
    }

    /** The principal string of an authenticated API caller. */
    public static String principalOf(TallyPrincipal caller) {
        if (caller.apiKeyId() != null) {
            return "key:" + caller.apiKeyId().value();
        }
        return caller.role().name().toLowerCase(java.util.Locale.ROOT);
    }
}
