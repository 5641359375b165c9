package dev.tally.query.report;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

import java.time.LocalDate;

/**
 * Payment confirmation statistics per UTC date (of detection) and chain, {@code from}/{@code to} inclusive: of one
 * merchant's payments of one mode, or of the whole platform's live payments when {@code merchantId} is null (the
 * admin's view: the sandbox's timings say nothing about real chains).
 */
public record ListConfirmationStats(MerchantId merchantId, LocalDate from, LocalDate to, Mode mode) {
    public ListConfirmationStats {
        mode = Mode.orLive(mode);
    }

    /** Of the merchant's live payments. */
    public ListConfirmationStats(MerchantId merchantId, LocalDate from, LocalDate to) {
        this(merchantId, from, to, Mode.LIVE);
    }

    public static ListConfirmationStats platform(LocalDate from, LocalDate to) {
        return new ListConfirmationStats(null, from, to, Mode.LIVE);
    }
}
