package dev.tally.kernel.ids;

import java.util.regex.Pattern;

/** Shared validation for Tally's prefixed identifiers such as {@code inv_3kT9...}. */
final class TypedId {
    private static final Pattern BODY = Pattern.compile("[0-9A-Za-z]{8,64}");

    private TypedId() {
    }

    static String require(String prefix, String value) {
        if (value == null || !value.startsWith(prefix) || !BODY.matcher(value.substring(prefix.length())).matches()) {
            throw new IllegalArgumentException("not a valid " + prefix + "… identifier: " + value);
        }
        return value;
    }

    static boolean isValid(String prefix, String value) {
        return value != null && value.startsWith(prefix) && BODY.matcher(value.substring(prefix.length())).matches();
    }
}
