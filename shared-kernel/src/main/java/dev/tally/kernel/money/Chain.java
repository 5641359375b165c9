package dev.tally.kernel.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** A blockchain Tally watches. The code is what clients send and see. */
public enum Chain {
    TRON("tron"),
    ETHEREUM("ethereum");

    private final String code;

    Chain(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public static Optional<Chain> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String normalized = code.trim().toLowerCase(Locale.ROOT);
        for (Chain chain : values()) {
            if (chain.code.equals(normalized)) {
                return Optional.of(chain);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static Chain ofCode(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown chain: " + code));
    }
}
