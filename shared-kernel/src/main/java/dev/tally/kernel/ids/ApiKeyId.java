package dev.tally.kernel.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** One API key of a merchant (not the secret itself). Serialized as its plain string; {@link #toString()} is the value, as Axon routing needs. */
public record ApiKeyId(String value) {
    public static final String PREFIX = "key_";

    public ApiKeyId {
        TypedId.require(PREFIX, value);
    }

    @JsonCreator
    public static ApiKeyId of(String value) {
        return new ApiKeyId(value);
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
