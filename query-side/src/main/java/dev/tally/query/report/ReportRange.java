package dev.tally.query.report;

import dev.tally.platform.web.FieldError;
import dev.tally.platform.web.InvalidRequestException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** A report's UTC dates, both inclusive: by default the 30 days up to today; at most {@value #DAYS_MAX} days. */
record ReportRange(LocalDate from, LocalDate to) {
    static final int DAYS_MAX = 366;
    static final int DAYS_DEFAULT = 30;

    static ReportRange parse(String fromText, String toText, Clock clock) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate to = date("to", toText, errors);
        LocalDate from = date("from", fromText, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        if (to == null) {
            to = from == null ? LocalDate.now(clock) : from.plusDays(DAYS_DEFAULT - 1);
        }
        if (from == null) {
            from = to.minusDays(DAYS_DEFAULT - 1);
        }
        if (from.isAfter(to)) {
            throw new InvalidRequestException("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > DAYS_MAX) {
            throw new InvalidRequestException("to", "a report spans at most " + DAYS_MAX + " days");
        }
        return new ReportRange(from, to);
    }

    private static LocalDate date(String field, String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 date, e.g. 2026-01-31"));
            return null;
        }
    }
}
