package dev.tally.platform.security;

import dev.tally.kernel.access.ApiKeyOwner;

import java.util.Optional;

/** Who owns the API key whose secret hashes to a given hex SHA-256: what authenticating a request needs. */
public interface ApiKeyOwners {
    /** The owner of the live (not revoked) key with this secret hash; empty for an unknown or revoked key. */
    Optional<ApiKeyOwner> find(String secretHash);
}
