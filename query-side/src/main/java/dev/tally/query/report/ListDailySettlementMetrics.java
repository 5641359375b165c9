package dev.tally.query.report;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

import java.time.LocalDate;

/** A merchant's settlement metrics of one mode per UTC date, {@code from} and {@code to} inclusive, oldest first. */
public record ListDailySettlementMetrics(MerchantId merchantId, LocalDate from, LocalDate to, Mode mode) {
    public ListDailySettlementMetrics {
        mode = Mode.orLive(mode);
    }

    /** The live settlements'. */
    public ListDailySettlementMetrics(MerchantId merchantId, LocalDate from, LocalDate to) {
        this(merchantId, from, to, Mode.LIVE);
    }
}
