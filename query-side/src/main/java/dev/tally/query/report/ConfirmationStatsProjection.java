package dev.tally.query.report;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.platform.axon.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Confirmation statistics per merchant, UTC date and chain. Each payment is one sample, dated by its first detection;
 * after every change the statistics of the sample's merchant, date and chain are recomputed from the samples (a p95
 * cannot be kept incrementally). The platform's figures (admin only) are computed from all samples when asked.
 * Sequenced by merchant (see {@code ReadModelSequencing}): a recomputation touches its merchant's rows only, so they
 * never race, and an event that cannot be stored parks its merchant's statistics alone.
 */
@Component
@ReadModel
@ProcessingGroup(ConfirmationStatsProjection.GROUP)
public class ConfirmationStatsProjection {
    public static final String GROUP = "payment-confirmation-stats";

    private final JdbcClient jdbc;

    public ConfirmationStatsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PaymentDetected event) {
        // A payment seen again after an orphaning keeps its first detection (and date).
        jdbc.sql("""
                INSERT INTO query.payment_confirmation_samples (payment_id, merchant_id, mode, chain, day,
                    detected_at)
                VALUES (:id, :merchant, :mode, :chain, :day, :at) ON CONFLICT (payment_id) DO NOTHING""")
            .param("id", event.paymentId().value())
            .param("merchant", event.merchantId().value())
            .param("mode", event.mode().name())
            .param("chain", event.chain().name())
            .param("day", Date.valueOf(LocalDate.ofInstant(event.detectedAt(), ZoneOffset.UTC)))
            .param("at", Timestamp.from(event.detectedAt()))
            .update();
        recompute(event.paymentId().value());
    }

    @EventHandler
    void on(PaymentConfirmed event) {
        jdbc.sql("""
                UPDATE query.payment_confirmation_samples SET confirmed_at = :at,
                    confirmation_ms = GREATEST(0, (EXTRACT(EPOCH FROM (:at - detected_at)) * 1000)::BIGINT)
                WHERE payment_id = :id AND confirmed_at IS NULL""")
            .param("at", Timestamp.from(event.confirmedAt()))
            .param("id", event.paymentId().value())
            .update();
        recompute(event.paymentId().value());
    }

    @EventHandler
    void on(PaymentFailed event) {
        jdbc.sql("UPDATE query.payment_confirmation_samples SET failed = TRUE WHERE payment_id = :id")
            .param("id", event.paymentId().value()).update();
        recompute(event.paymentId().value());
    }

    @EventHandler
    void on(PaymentOrphaned event) {
        jdbc.sql("UPDATE query.payment_confirmation_samples SET orphaned = TRUE WHERE payment_id = :id")
            .param("id", event.paymentId().value()).update();
        recompute(event.paymentId().value());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.payment_confirmation_stats").update();
        jdbc.sql("DELETE FROM query.payment_confirmation_samples").update();
    }

    @QueryHandler
    public List<ConfirmationStat> handle(ListConfirmationStats query) {
        String sql = query.merchantId() != null ? """
                SELECT day, chain, payments, confirmed, failed, orphaned, avg_confirmation_ms, p95_confirmation_ms
                FROM query.payment_confirmation_stats
                WHERE merchant_id = :merchant AND mode = :mode AND day BETWEEN :from AND :to
                ORDER BY day, chain""" : """
                SELECT day, chain, COUNT(*), COUNT(confirmation_ms), COUNT(*) FILTER (WHERE failed),
                       COUNT(*) FILTER (WHERE orphaned), ROUND(AVG(confirmation_ms))::BIGINT,
                       PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY confirmation_ms)
                FROM query.payment_confirmation_samples
                WHERE mode = :mode AND day BETWEEN :from AND :to GROUP BY day, chain ORDER BY day, chain""";
        var statement = jdbc.sql(sql).param("from", query.from()).param("to", query.to())
                            .param("mode", query.mode().name());
        if (query.merchantId() != null) {
            statement = statement.param("merchant", query.merchantId().value());
        }
        return statement.query((rs, n) -> {
                            int payments = rs.getInt(3);
                            long avg = rs.getLong(7);
                            boolean anyConfirmed = !rs.wasNull();
                            long p95 = rs.getLong(8);
                            return new ConfirmationStat(rs.getDate(1).toLocalDate(), Chain.valueOf(rs.getString(2)),
                                    payments, rs.getInt(4), rs.getInt(5), rs.getInt(6),
                                    anyConfirmed ? seconds(avg) : null, anyConfirmed ? seconds(p95) : null,
                                    rate(rs.getInt(5), payments), rate(rs.getInt(6), payments));
                        })
                        .list();
    }

    private void recompute(String paymentId) {
        Optional<Object[]> key = jdbc.sql("SELECT merchant_id, day, chain, mode "
                                          + "FROM query.payment_confirmation_samples WHERE payment_id = :id")
                                     .param("id", paymentId)
                                     .query((rs, n) -> new Object[]{rs.getString(1), rs.getDate(2), rs.getString(3),
                                                                    rs.getString(4)})
                                     .optional();
        if (key.isEmpty()) {
            return; // a payment detected before this read model existed in its history: nothing to date it by
        }
        // The p95 is the nearest-rank value (an actual sample), so it is exact and identical on every rebuild.
        jdbc.sql("""
                INSERT INTO query.payment_confirmation_stats (merchant_id, mode, day, chain, payments, confirmed,
                    failed, orphaned, avg_confirmation_ms, p95_confirmation_ms)
                SELECT :merchant, :mode, :day, :chain, COUNT(*), COUNT(confirmation_ms), COUNT(*) FILTER (WHERE failed),
                       COUNT(*) FILTER (WHERE orphaned), ROUND(AVG(confirmation_ms))::BIGINT,
                       PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY confirmation_ms)
                FROM query.payment_confirmation_samples
                WHERE merchant_id = :merchant AND mode = :mode AND day = :day AND chain = :chain
                ON CONFLICT (merchant_id, mode, day, chain) DO UPDATE SET payments = EXCLUDED.payments,
                    confirmed = EXCLUDED.confirmed, failed = EXCLUDED.failed, orphaned = EXCLUDED.orphaned,
                    avg_confirmation_ms = EXCLUDED.avg_confirmation_ms,
                    p95_confirmation_ms = EXCLUDED.p95_confirmation_ms""")
            .param("merchant", key.get()[0])
            .param("day", key.get()[1])
            .param("chain", key.get()[2])
            .param("mode", key.get()[3])
            .update();
    }

    static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }

    static String rate(int part, int whole) {
        if (whole == 0) {
            return "0.0000";
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).toPlainString();
    }
}
