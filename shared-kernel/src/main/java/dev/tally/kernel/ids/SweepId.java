package dev.tally.kernel.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A sweep of one deposit address to the platform's hot wallet: {@code sw_…}. */
public record SweepId(String value) {
    public static final String PREFIX = "sw_";

    public SweepId {
        TypedId.require(PREFIX, value);
    }

    @JsonCreator
    public static SweepId of(String value) {
        return new SweepId(value);
    }

    public static boolean isValid(String value) {
        return TypedId.isValid(PREFIX, value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
