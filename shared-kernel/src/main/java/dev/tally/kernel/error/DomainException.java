package dev.tally.kernel.error;

import java.util.Objects;

/** A request the domain refuses, with a stable code and a message fit for the client. */
public class DomainException extends RuntimeException {
    private final ErrorCode code;

    public DomainException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public static DomainException notFound(String what) {
        return new DomainException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static DomainException ruleViolation(String message) {
        return new DomainException(ErrorCode.RULE_VIOLATION, message);
    }

    public static DomainException invalidState(String message) {
        return new DomainException(ErrorCode.INVALID_STATE, message);
    }
}
