package dev.tally.kernel.access;

import dev.tally.kernel.ids.ApiKeyId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Issue an auditor key (platform admin only): read-only, every merchant. Only the hash travels. */
public record IssueAuditorKey(
        @TargetAggregateIdentifier ApiKeyId apiKeyId,
        String name,
        List<String> scopes,
        String prefix,
        String secretHash) {
    public IssueAuditorKey {
        scopes = scopes == null ? null : List.copyOf(scopes);
    }
}
