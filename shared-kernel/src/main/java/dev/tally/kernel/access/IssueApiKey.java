package dev.tally.kernel.access;

import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Issue a merchant another API key (rotation: the old ones keep working until revoked). Only the hash travels. */
public record IssueApiKey(
        @TargetAggregateIdentifier MerchantId merchantId,
        ApiKeyId apiKeyId,
        String name,
        List<String> scopes,
        String prefix,
        String secretHash) {
    public IssueApiKey {
        scopes = scopes == null ? null : List.copyOf(scopes);
    }
}
