package dev.tally.kernel.access;

/** Who owns the API key whose secret hashes to {@code secretHash} (hex SHA-256). Answers {@link ApiKeyOwner}. */
public record FindApiKeyOwner(String secretHash) {
}
