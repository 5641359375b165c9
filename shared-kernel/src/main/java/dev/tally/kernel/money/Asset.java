package dev.tally.kernel.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** A token Tally accepts. The decimals fix the size of one base unit. */
public enum Asset {
    USDT(6);

    private final int decimals;

    Asset(int decimals) {
        this.decimals = decimals;
    }

    public int decimals() {
        return decimals;
    }

    @JsonValue
    public String code() {
        return name();
    }

    /** Case-insensitive lookup of a client-supplied code. */
    public static Optional<Asset> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (Asset asset : values()) {
            if (asset.name().equals(code.trim().toUpperCase(Locale.ROOT))) {
                return Optional.of(asset);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static Asset ofCode(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown asset: " + code));
    }
}
