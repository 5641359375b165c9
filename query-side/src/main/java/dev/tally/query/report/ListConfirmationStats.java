package dev.tally.query.report;

import java.time.LocalDate;

/** Payment confirmation statistics per UTC date (of detection) and chain, {@code from}/{@code to} inclusive. */
public record ListConfirmationStats(LocalDate from, LocalDate to) {
}
