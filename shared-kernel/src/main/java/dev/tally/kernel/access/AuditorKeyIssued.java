package dev.tally.kernel.access;

import dev.tally.kernel.ids.ApiKeyId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** An auditor key was issued. Like {@code ApiKeyIssued}: the secret's SHA-256 and a display prefix, never the secret. */
@Revision("1")
public record AuditorKeyIssued(
        ApiKeyId apiKeyId,
        String name,
        String prefix,
        String secretHash,
        List<String> scopes,
        Instant issuedAt) {
    public AuditorKeyIssued {
        scopes = List.copyOf(scopes);
    }
}
