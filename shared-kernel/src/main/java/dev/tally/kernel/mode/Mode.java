package dev.tally.kernel.mode;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/**
 * Live or test, as Stripe's {@code livemode}. Every merchant-owned object carries the mode it was created in: live
 * objects are paid on real chains to addresses of the operator's own keys; test objects only on the sandbox chain,
 * to addresses of development keys. An API key has one mode ({@code tly_live_…} or {@code tly_test_…}) and sees and
 * creates only objects of that mode. Events written before modes existed carry none and are live.
 */
public enum Mode {
    LIVE("live"),
    TEST("test");

    private final String code;

    Mode(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public boolean live() {
        return this == LIVE;
    }

    /** How a secret of this mode begins ({@code tly_test_}). */
    public String apiKeyPrefix() {
        return "tly_" + code + "_";
    }

    /** The mode of an event or command field: absent (written before modes) is live. */
    public static Mode orLive(Mode mode) {
        return mode == null ? LIVE : mode;
    }

    public static Optional<Mode> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String normalized = code.strip().toLowerCase(Locale.ROOT);
        for (Mode mode : values()) {
            if (mode.code.equals(normalized)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /** The mode of an API key's secret or shown prefix ({@code tly_test_…}); anything else is live. */
    public static Mode ofApiKey(String secretOrPrefix) {
        return secretOrPrefix != null && secretOrPrefix.startsWith(TEST.apiKeyPrefix()) ? TEST : LIVE;
    }

    @JsonCreator
    static Mode ofCode(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown mode: " + code));
    }
}
