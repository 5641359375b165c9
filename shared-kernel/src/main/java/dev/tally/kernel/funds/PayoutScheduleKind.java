package dev.tally.kernel.funds;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * When the available balance is paid out without being asked: never ({@code manual}), as soon as it reaches an
 * amount ({@code threshold}), or once a day when it is at least an amount ({@code daily}).
 */
public enum PayoutScheduleKind {
    MANUAL,
    THRESHOLD,
    DAILY;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PayoutScheduleKind> fromCode(String code) {
        return code == null ? Optional.empty()
                : Arrays.stream(values()).filter(k -> k.code().equals(code.strip().toLowerCase(Locale.ROOT)))
                        .findFirst();
    }

    @JsonCreator
    static PayoutScheduleKind ofCode(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown payout schedule: " + code));
    }
}
