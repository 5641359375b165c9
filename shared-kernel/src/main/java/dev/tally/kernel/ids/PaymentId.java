package dev.tally.kernel.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tally.kernel.money.Chain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A payment is one token transfer on a chain, so its id is derived from the chain: {@code chain:txHash:logIndex}.
 * The same transfer, however often it is reported, always maps to the same payment.
 */
public record PaymentId(String value) {
    private static final Pattern FORMAT = Pattern.compile("(tron|ethereum):(0x)?[0-9a-f]{8,128}:\\d{1,9}");

    public PaymentId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid payment id (chain:txHash:logIndex): " + value);
        }
    }

    public static PaymentId of(Chain chain, String txHash, int logIndex) {
        if (logIndex < 0) {
            throw new IllegalArgumentException("log index must not be negative: " + logIndex);
        }
        return new PaymentId(chain.code() + ":" + txHash.toLowerCase(Locale.ROOT) + ":" + logIndex);
    }

    @JsonCreator
    public static PaymentId of(String value) {
        return new PaymentId(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
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
