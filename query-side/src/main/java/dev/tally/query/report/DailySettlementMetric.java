package dev.tally.query.report;

import dev.tally.kernel.money.Asset;

import java.time.LocalDate;

/** One merchant's settlements of one UTC date and asset: gross volume = fees collected + net. */
public record DailySettlementMetric(LocalDate date, Asset asset, String grossVolume, String feesCollected, String net,
                                    int settlementCount) {
}
