package dev.tally.audit.chain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of re-reading the stream against the chain: {@code intact} when every event from {@code fromIndex}
 * to {@code toIndex} still hashes to its link; otherwise {@code firstBroken} names the first one that does not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationResult(boolean intact, long fromIndex, long toIndex, long eventsChecked, String headDigest,
                                 BrokenLink firstBroken) {

    /** Where the chain breaks. {@code expected} is the digest recomputed from the stored event, {@code found} the link's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrokenLink(long globalIndex, String expected, String found, String reason) {
    }
}
