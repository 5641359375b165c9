package dev.tally.query.report;

import dev.tally.kernel.ids.MerchantId;

import java.time.LocalDate;

/**
 * Payment confirmation statistics per UTC date (of detection) and chain, {@code from}/{@code to} inclusive: of one
 * merchant's payments, or of the whole platform's when {@code merchantId} is null (the admin's view).
 */
public record ListConfirmationStats(MerchantId merchantId, LocalDate from, LocalDate to) {
    public static ListConfirmationStats platform(LocalDate from, LocalDate to) {
        return new ListConfirmationStats(null, from, to);
    }
}
