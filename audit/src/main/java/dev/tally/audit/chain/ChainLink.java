package dev.tally.audit.chain;

/** One stored link: the event at {@code globalIndex} follows the one at {@code previousIndex}. */
public record ChainLink(long globalIndex, long previousIndex, byte[] digest) {
}
