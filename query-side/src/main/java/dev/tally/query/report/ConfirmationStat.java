package dev.tally.query.report;

import dev.tally.kernel.money.Chain;

import java.time.LocalDate;

/**
 * The payments first detected on one UTC date on one chain: how many, how many confirmed, failed and were orphaned
 * (at least once), the average and 95th percentile seconds from detection to confirmation (null while none
 * confirmed), and the failed and orphaned shares of all payments as decimal strings ("0.0250").
 */
public record ConfirmationStat(LocalDate date, Chain chain, int payments, int confirmed, int failed, int orphaned,
                               String averageConfirmationSeconds, String p95ConfirmationSeconds, String failedRate,
                               String orphanedRate) {
}
