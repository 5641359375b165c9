package dev.tally.kernel.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A merchant registered with Tally. Serialized as its plain string; {@link #toString()} is the value, as Axon routing needs. */
public record MerchantId(String value) {
    public static final String PREFIX = "mer_";

    public MerchantId {
        TypedId.require(PREFIX, value);
    }

    @JsonCreator
    public static MerchantId of(String value) {
        return new MerchantId(value);
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
