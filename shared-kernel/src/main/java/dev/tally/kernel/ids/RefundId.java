package dev.tally.kernel.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A refund of money an invoice was paid, to the customer: {@code rf_…}. */
public record RefundId(String value) {
    public static final String PREFIX = "rf_";

    public RefundId {
        TypedId.require(PREFIX, value);
    }

    @JsonCreator
    public static RefundId of(String value) {
        return new RefundId(value);
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
