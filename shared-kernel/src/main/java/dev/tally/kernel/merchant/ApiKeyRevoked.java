package dev.tally.kernel.merchant;

import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A merchant's API key stopped working. Keys are never reactivated; rotation issues a new one. */
@Revision("1")
public record ApiKeyRevoked(MerchantId merchantId, ApiKeyId apiKeyId, Instant revokedAt) {
}
