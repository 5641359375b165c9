package dev.tally.kernel.access;

import dev.tally.kernel.ids.ApiKeyId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An auditor key stopped working. */
@Revision("1")
public record AuditorKeyRevoked(ApiKeyId apiKeyId, Instant revokedAt) {
}
