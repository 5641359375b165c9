package dev.tally.kernel.funds;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What asked for a payout: the merchant ({@code manual}), or its payout schedule ({@code threshold}, {@code daily}). */
public enum PayoutTrigger {
    MANUAL,
    THRESHOLD,
    DAILY;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PayoutTrigger> fromCode(String code) {
        return code == null ? Optional.empty()
                : Arrays.stream(values()).filter(t -> t.code().equals(code.strip().toLowerCase(Locale.ROOT)))
                        .findFirst();
    }

    @JsonCreator
    static PayoutTrigger ofCode(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown payout trigger: " + code));
    }
}
