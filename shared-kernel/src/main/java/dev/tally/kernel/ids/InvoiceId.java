package dev.tally.kernel.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An invoice a merchant asked a customer to pay. Serialized as its plain string; {@link #toString()} is the value, as Axon routing needs. */
public record InvoiceId(String value) {
    public static final String PREFIX = "inv_";

    public InvoiceId {
        TypedId.require(PREFIX, value);
    }

    @JsonCreator
    public static InvoiceId of(String value) {
        return new InvoiceId(value);
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
