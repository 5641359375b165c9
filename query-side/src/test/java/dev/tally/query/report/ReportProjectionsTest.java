package dev.tally.query.report;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.Story;
import dev.tally.query.TestEvents;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** daily_settlement_metrics and payment_confirmation_stats driven through the real event store and processors. */
class ReportProjectionsTest extends QuerySideTestBase {
    @Autowired
    QueryGateway queries;

    final MerchantId merchant = TestEvents.merchantId();

    @Test
    void settlementsAddUpPerUtcDate() {
        Instant lateOnTheFirst = Instant.parse("2026-05-01T23:59:00Z");
        settle("10.00", "0.10", lateOnTheFirst, Duration.ofSeconds(30));   // settles 2026-05-01 23:59:30
        settle("5.00", "0.05", lateOnTheFirst, Duration.ofSeconds(45));    // settles 2026-05-01 23:59:45
        settle("2.50", "0.03", lateOnTheFirst, Duration.ofMinutes(2));     // settles 2026-05-02 00:01
        Story repeated = settle("1.00", "0.01", Instant.parse("2026-05-03T10:00:00Z"), Duration.ofSeconds(1));
        repeated.settled(Duration.ofSeconds(2), "0.01");
        awaitProcessed(DailySettlementMetricsProjection.GROUP);

        assertThat(daily(LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-03"))).containsExactly(
                new DailySettlementMetric(LocalDate.parse("2026-05-01"), Asset.USDT, "15.00", "0.15", "14.85", 2),
                new DailySettlementMetric(LocalDate.parse("2026-05-02"), Asset.USDT, "2.50", "0.03", "2.47", 1),
                new DailySettlementMetric(LocalDate.parse("2026-05-03"), Asset.USDT, "1.00", "0.01", "0.99", 1));
        assertThat(daily(LocalDate.parse("2026-05-02"), LocalDate.parse("2026-05-02"))).hasSize(1);
        assertThat(queries.query(new ListDailySettlementMetrics(TestEvents.merchantId(), LocalDate.parse("2026-05-01"),
                LocalDate.parse("2026-05-03")), ResponseTypes.multipleInstancesOf(DailySettlementMetric.class)).join())
                .isEmpty();
    }

    @Test
    void confirmationTimesAndFailureRatesPerDateAndChain() {
        // A day of its own (far future), so other tests' payments do not mix in.
        Instant day = Instant.parse("2031-07-07T08:00:00Z");
        for (int i = 1; i <= 20; i++) {
            new Story(events, merchant, "1.00", day.plusSeconds(i)).created(1).detected(Duration.ZERO)
                    .confirmed(Duration.ofSeconds(i), 1);
        }
        new Story(events, merchant, "1.00", day).created(1).detected(Duration.ZERO).failed(Duration.ofSeconds(5));
        new Story(events, merchant, "1.00", day).created(1).detected(Duration.ZERO);
        awaitProcessed(ConfirmationStatsProjection.GROUP);

        List<ConfirmationStat> stats = queries.query(new ListConfirmationStats(merchant, LocalDate.parse("2031-07-07"),
                LocalDate.parse("2031-07-07")), ResponseTypes.multipleInstancesOf(ConfirmationStat.class)).join();
        // 1..20 s: mean 10.5 s; nearest-rank p95 is the 19th of 20 samples.
        assertThat(stats).containsExactly(new ConfirmationStat(LocalDate.parse("2031-07-07"), Chain.TRON, 22, 20, 1,
                0, "10.500", "19.000", "0.0455", "0.0000"));
    }

    @Test
    void rebuildsFromTheEventStoreYieldIdenticalRows() {
        settle("4.00", "0.04", Instant.parse("2026-05-04T10:00:00Z"), Duration.ofSeconds(9));
        List<List<Map<String, Object>>> daily = rebuild(DailySettlementMetricsProjection.GROUP,
                "SELECT * FROM query.daily_settlement_metrics ORDER BY merchant_id, day, asset",
                "SELECT * FROM query.daily_settlement_metrics_counted ORDER BY settlement_id");
        assertThat(daily.get(0)).isNotEmpty();
        assertThat(daily.get(1)).isEqualTo(daily.get(0));

        List<List<Map<String, Object>>> stats = rebuild(ConfirmationStatsProjection.GROUP,
                "SELECT * FROM query.payment_confirmation_stats ORDER BY merchant_id, day, chain",
                "SELECT * FROM query.payment_confirmation_samples ORDER BY payment_id");
        assertThat(stats.get(0)).isNotEmpty();
        assertThat(stats.get(1)).isEqualTo(stats.get(0));
    }

    private Story settle(String amount, String fee, Instant createdAt, Duration settledAfter) {
        return new Story(events, merchant, amount, createdAt).created(1).detected(Duration.ofSeconds(1))
                .confirmed(Duration.ofSeconds(2), 1).settled(settledAfter, fee);
    }

    private List<DailySettlementMetric> daily(LocalDate from, LocalDate to) {
        return queries.query(new ListDailySettlementMetrics(merchant, from, to),
                             ResponseTypes.multipleInstancesOf(DailySettlementMetric.class)).join();
    }
}
