package dev.tally.kernel.funds;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

import java.util.regex.Pattern;

/**
 * The money-out account of one merchant in one mode: {@code fnd_<mode>_<merchant id>}. Derived, so every credit and
 * every payout of a merchant's mode targets one aggregate, which decides them one at a time.
 */
public record FundsId(String value) {
    private static final Pattern FORMAT = Pattern.compile("fnd_(live|test)_mer_[0-9A-Za-z]{8,64}");

    public FundsId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid funds id: " + value);
        }
    }

    public static FundsId of(MerchantId merchantId, Mode mode) {
        return new FundsId("fnd_" + Mode.orLive(mode).code() + "_" + merchantId.value());
    }

    @JsonCreator
    public static FundsId of(String value) {
        return new FundsId(value);
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
