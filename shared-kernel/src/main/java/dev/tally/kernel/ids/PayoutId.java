package dev.tally.kernel.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A payout of a merchant's final balance to its payout address: {@code po_…}. */
public record PayoutId(String value) {
    public static final String PREFIX = "po_";

    public PayoutId {
        TypedId.require(PREFIX, value);
    }

    @JsonCreator
    public static PayoutId of(String value) {
        return new PayoutId(value);
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
