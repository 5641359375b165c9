package dev.tally.query.report;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.settlement.SettlementCreated;
import dev.tally.kernel.settlement.SettlementReversed;
import dev.tally.platform.axon.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Per merchant, UTC date and asset: gross volume, fees collected, net and count of the settlements created that
 * day. A settlement counts once however often its creation is seen. Sequenced per merchant.
 */
@Component
@ReadModel
@ProcessingGroup(DailySettlementMetricsProjection.GROUP)
public class DailySettlementMetricsProjection {
    public static final String GROUP = "daily-settlement-metrics";

    private final JdbcClient jdbc;

    public DailySettlementMetricsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SettlementCreated event) {
        int first = jdbc.sql("INSERT INTO query.daily_settlement_metrics_counted (settlement_id) VALUES (:id) "
                             + "ON CONFLICT DO NOTHING")
                        .param("id", event.settlementId().value()).update();
        if (first == 0) {
            return;
        }
        jdbc.sql("""
                INSERT INTO query.daily_settlement_metrics (merchant_id, mode, day, asset, gross_base_units,
                    fee_base_units, net_base_units, settlements)
                VALUES (:merchant, :mode, :day, :asset, :gross, :fee, :net, 1)
                ON CONFLICT (merchant_id, mode, day, asset) DO UPDATE SET
                    gross_base_units = query.daily_settlement_metrics.gross_base_units + EXCLUDED.gross_base_units,
                    fee_base_units = query.daily_settlement_metrics.fee_base_units + EXCLUDED.fee_base_units,
                    net_base_units = query.daily_settlement_metrics.net_base_units + EXCLUDED.net_base_units,
                    settlements = query.daily_settlement_metrics.settlements + 1""")
            .param("merchant", event.merchantId().value())
            .param("mode", event.mode().name())
            .param("day", LocalDate.ofInstant(event.createdAt(), ZoneOffset.UTC))
            .param("asset", event.gross().asset().name())
            .param("gross", event.gross().baseUnits())
            .param("fee", event.fee().baseUnits())
            .param("net", event.net().baseUnits())
            .update();
    }

    /**
     * A reorg reversed the settlement: the day it happened carries the reversal as negative figures, like an
     * adjusting entry (the day it was created keeps what was true then). Counted once.
     */
    @EventHandler
    void on(SettlementReversed event) {
        // Counted at creation, completed or not: taken back all the same.
        int first = jdbc.sql("INSERT INTO query.daily_settlement_metrics_counted (settlement_id) VALUES (:id) "
                             + "ON CONFLICT DO NOTHING")
                        .param("id", event.settlementId().value() + ":reversed").update();
        if (first == 0) {
            return;
        }
        jdbc.sql("""
                INSERT INTO query.daily_settlement_metrics (merchant_id, mode, day, asset, gross_base_units,
                    fee_base_units, net_base_units, settlements)
                VALUES (:merchant, :mode, :day, :asset, -:gross, -:fee, -:net, -1)
                ON CONFLICT (merchant_id, mode, day, asset) DO UPDATE SET
                    gross_base_units = query.daily_settlement_metrics.gross_base_units + EXCLUDED.gross_base_units,
                    fee_base_units = query.daily_settlement_metrics.fee_base_units + EXCLUDED.fee_base_units,
                    net_base_units = query.daily_settlement_metrics.net_base_units + EXCLUDED.net_base_units,
                    settlements = query.daily_settlement_metrics.settlements + EXCLUDED.settlements""")
            .param("merchant", event.merchantId().value())
            .param("mode", event.mode().name())
            .param("day", LocalDate.ofInstant(event.reversedAt(), ZoneOffset.UTC))
            .param("asset", event.gross().asset().name())
            .param("gross", event.gross().baseUnits())
            .param("fee", event.fee().baseUnits())
            .param("net", event.net().baseUnits())
            .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.daily_settlement_metrics").update();
        jdbc.sql("DELETE FROM query.daily_settlement_metrics_counted").update();
    }

    @QueryHandler
    public List<DailySettlementMetric> handle(ListDailySettlementMetrics query) {
        return jdbc.sql("""
                SELECT day, asset, gross_base_units, fee_base_units, net_base_units, settlements
                FROM query.daily_settlement_metrics
                WHERE merchant_id = :merchant AND mode = :mode AND day BETWEEN :from AND :to ORDER BY day, asset""")
                   .param("merchant", query.merchantId().value())
                   .param("mode", query.mode().name())
                   .param("from", query.from())
                   .param("to", query.to())
                   .query((rs, n) -> {
                       Asset asset = Asset.valueOf(rs.getString(2));
                       return new DailySettlementMetric(rs.getDate(1).toLocalDate(), asset,
                               amount(asset, rs.getLong(3)), amount(asset, rs.getLong(4)),
                               amount(asset, rs.getLong(5)), rs.getInt(6));
                   })
                   .list();
    }

    private static String amount(Asset asset, long baseUnits) {
        return TokenAmount.ofBaseUnits(asset, baseUnits).toDecimalString();
    }
}
