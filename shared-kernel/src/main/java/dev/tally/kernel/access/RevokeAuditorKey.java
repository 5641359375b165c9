package dev.tally.kernel.access;

import dev.tally.kernel.ids.ApiKeyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Revoke an auditor key. Revoking a revoked key changes nothing. */
public record RevokeAuditorKey(@TargetAggregateIdentifier ApiKeyId apiKeyId) {
}
