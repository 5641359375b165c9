package dev.tally.query.report;

import dev.tally.kernel.ids.MerchantId;

import java.time.LocalDate;

/** A merchant's settlement metrics per UTC date, {@code from} and {@code to} inclusive, oldest first. */
public record ListDailySettlementMetrics(MerchantId merchantId, LocalDate from, LocalDate to) {
}
