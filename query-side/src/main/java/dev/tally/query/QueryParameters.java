package dev.tally.query;

import dev.tally.platform.web.FieldError;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Parsing of list endpoints' query parameters; each problem is added to {@code errors} under the parameter's name. */
public final class QueryParameters {
    private QueryParameters() {
    }

    /** An ISO-8601 date-time with offset, or null when absent or invalid. */
    public static Instant instant(String field, String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 date-time with offset, e.g. 2026-01-31T00:00:00Z"));
            return null;
        }
    }

    /** A page size from 1 to {@code max}; {@code fallback} when absent. */
    public static int limit(String text, int fallback, int max, List<FieldError> errors) {
        if (text == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 1 || parsed > max) {
            errors.add(new FieldError("limit", "must be a whole number from 1 to " + max));
            return fallback;
        }
        return parsed;
    }

    /** Checks that {@code cursor}, when present, is one this API returned. */
    public static void cursor(String cursor, List<FieldError> errors) {
        if (cursor != null && KeysetCursor.decode(cursor).isEmpty()) {
            errors.add(new FieldError("cursor", "is not a cursor this API returned"));
        }
    }
}
