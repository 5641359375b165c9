package dev.tally.platform.axon;

import dev.tally.kernel.error.ErrorCode;

/** The details a refused command carries back to its sender. */
public record CommandErrorDetails(ErrorCode code, String message) {
}
