package dev.tally.query.dashboard;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.invoice.InvoicePaymentWithdrawn;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.settlement.SettlementCreated;
import dev.tally.kernel.settlement.SettlementReversed;
import dev.tally.platform.axon.ReadModel;
import dev.tally.platform.axon.Subscribers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import dev.tally.query.live.ClusterUpdates;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The merchant dashboard's totals per merchant and asset. Sequenced per merchant (see {@code ReadModelSequencing}),
 * so one segment moves a merchant's counts and totals in event order. Every change is pushed to subscribers of
 * {@link GetMerchantDashboard}.
 */
@Component
@ReadModel
@ProcessingGroup(MerchantDashboardProjection.GROUP)
public class MerchantDashboardProjection {
    public static final String GROUP = "merchant-dashboard";

    /**
     * States that mean the invoice is paid (or settled or refunded after being paid): conversions. An invoice whose
     * payment a reorg reversed leaves them again.
     */
    static final Set<InvoiceStatus> PAID = EnumSet.of(InvoiceStatus.PAID, InvoiceStatus.OVERPAID,
            InvoiceStatus.PAID_LATE, InvoiceStatus.SETTLED, InvoiceStatus.PARTIALLY_REFUNDED, InvoiceStatus.REFUNDED);

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter updates;
    private final ClusterUpdates cluster;

    public MerchantDashboardProjection(JdbcClient jdbc, QueryUpdateEmitter updates, ClusterUpdates cluster) {
        this.cluster = cluster;
        cluster.topic(GetMerchantDashboard.class, ResponseTypes.instanceOf(DashboardView.class), Optional::of);
        this.jdbc = jdbc;
        this.updates = updates;
    }

    @EventHandler
    void on(InvoiceCreated event) {
        int inserted = jdbc.sql("""
                INSERT INTO query.merchant_dashboard_invoices (invoice_id, merchant_id, mode, asset, status)
                VALUES (:invoice, :merchant, :mode, :asset, 'PENDING') ON CONFLICT (invoice_id) DO NOTHING""")
                .param("invoice", event.invoiceId().value())
                .param("merchant", event.merchantId().value())
                .param("mode", event.mode().name())
                .param("asset", event.amount().asset().name())
                .update();
        if (inserted == 0) {
            return;
        }
        String merchant = event.merchantId().value();
        String mode = event.mode().name();
        String asset = event.amount().asset().name();
        touch(merchant, mode, asset, event.createdAt());
        jdbc.sql("UPDATE query.merchant_dashboard SET invoices_total = invoices_total + 1 "
                 + "WHERE merchant_id = :merchant AND mode = :mode AND asset = :asset")
            .param("merchant", merchant).param("mode", mode).param("asset", asset).update();
        count(merchant, mode, asset, InvoiceStatus.PENDING, 1);
        publish(event.merchantId(), event.mode());
    }

    @EventHandler
    void on(InvoiceCancelled event) {
        move(event.invoiceId().value(), InvoiceStatus.CANCELLED, event.cancelledAt());
    }

    @EventHandler
    void on(InvoiceExpired event) {
        move(event.invoiceId().value(), InvoiceStatus.EXPIRED, event.expiredAt());
    }

    @EventHandler
    void on(InvoicePaymentDetected event) {
        row(event.invoiceId().value()).ifPresent(
                row -> move(event.invoiceId().value(), event.statusAfter(row.status()), event.detectedAt()));
    }

    @EventHandler
    void on(InvoicePaymentReversed event) {
        move(event.invoiceId().value(), event.statusAfter(), event.at());
    }

    @EventHandler
    void on(InvoicePaymentUnapplied event) {
        move(event.invoiceId().value(), event.statusAfter(), event.at());
    }

    @EventHandler
    void on(InvoicePaymentConfirmed event) {
        Optional<InvoiceRow> row = row(event.invoiceId().value());
        if (row.isEmpty()) {
            return;
        }
        jdbc.sql("""
                UPDATE query.merchant_dashboard SET last_payment_at = GREATEST(last_payment_at, :at)
                WHERE merchant_id = :merchant AND mode = :mode AND asset = :asset""")
            .param("at", Timestamp.from(event.confirmedAt()))
            .param("merchant", row.get().merchantId()).param("mode", row.get().mode())
            .param("asset", row.get().asset())
            .update();
        if (!move(event.invoiceId().value(), event.statusAfter(), event.confirmedAt())) {
            publish(event.merchantId(), Mode.valueOf(row.get().mode()));
        }
    }

    @EventHandler
    void on(InvoicePaymentWithdrawn event) {
        move(event.invoiceId().value(), event.statusAfter(), event.at());
    }

    @EventHandler
    void on(InvoiceSettled event) {
        move(event.invoiceId().value(), InvoiceStatus.SETTLED, event.settledAt());
    }

    @EventHandler
    void on(SettlementCreated event) {
        // Counted once per invoice: the row remembers the settlement it counted.
        int counted = jdbc.sql("""
                UPDATE query.merchant_dashboard_invoices SET settlement_id = :settlement
                WHERE invoice_id = :invoice AND settlement_id IS NULL""")
                .param("settlement", event.settlementId().value())
                .param("invoice", event.invoiceId().value())
                .update();
        if (counted == 0) {
            return;
        }
        String merchant = event.merchantId().value();
        String mode = event.mode().name();
        String asset = event.gross().asset().name();
        touch(merchant, mode, asset, event.createdAt());
        jdbc.sql("""
                UPDATE query.merchant_dashboard SET gross_base_units = gross_base_units + :gross,
                    fee_base_units = fee_base_units + :fee, net_base_units = net_base_units + :net,
                    settlements = settlements + 1
                WHERE merchant_id = :merchant AND mode = :mode AND asset = :asset""")
            .param("gross", event.gross().baseUnits())
            .param("fee", event.fee().baseUnits())
            .param("net", event.net().baseUnits())
            .param("merchant", merchant).param("mode", mode).param("asset", asset)
            .update();
        publish(event.merchantId(), event.mode());
    }

    /** A reorg reversed the settlement: its figures leave the totals, and the invoice's next round may count. */
    @EventHandler
    void on(SettlementReversed event) {
        int uncounted = jdbc.sql("""
                UPDATE query.merchant_dashboard_invoices SET settlement_id = NULL
                WHERE invoice_id = :invoice AND settlement_id = :settlement""")
                .param("settlement", event.settlementId().value())
                .param("invoice", event.invoiceId().value())
                .update();
        if (uncounted == 0) {
            return;
        }
        jdbc.sql("""
                UPDATE query.merchant_dashboard SET gross_base_units = gross_base_units - :gross,
                    fee_base_units = fee_base_units - :fee, net_base_units = net_base_units - :net,
                    settlements = settlements - 1, updated_at = GREATEST(updated_at, :at)
                WHERE merchant_id = :merchant AND mode = :mode AND asset = :asset""")
            .param("gross", event.gross().baseUnits())
            .param("fee", event.fee().baseUnits())
            .param("net", event.net().baseUnits())
            .param("at", Timestamp.from(event.reversedAt()))
            .param("merchant", event.merchantId().value()).param("mode", event.mode().name())
            .param("asset", event.gross().asset().name())
            .update();
        publish(event.merchantId(), event.mode());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.merchant_dashboard").update();
        jdbc.sql("DELETE FROM query.merchant_dashboard_status_counts").update();
        jdbc.sql("DELETE FROM query.merchant_dashboard_invoices").update();
    }

    @QueryHandler
    public DashboardView handle(GetMerchantDashboard query) {
        return view(query.merchantId(), query.mode());
    }

    /** @return whether the invoice moved (and subscribers were told) */
    private boolean move(String invoiceId, InvoiceStatus next, Instant at) {
        Optional<InvoiceRow> found = row(invoiceId);
        if (found.isEmpty() || found.get().status() == next) {
            return false;
        }
        InvoiceRow row = found.get();
        // Paid is the invoice's present state: a reorg that reverses its payment takes the conversion back.
        boolean paidNext = PAID.contains(next);
        int paidDelta = (paidNext ? 1 : 0) - (row.paid() ? 1 : 0);
        jdbc.sql("UPDATE query.merchant_dashboard_invoices SET status = :status, paid = :paid "
                 + "WHERE invoice_id = :invoice")
            .param("status", next.name()).param("paid", paidNext).param("invoice", invoiceId)
            .update();
        count(row.merchantId(), row.mode(), row.asset(), row.status(), -1);
        count(row.merchantId(), row.mode(), row.asset(), next, 1);
        jdbc.sql("""
                UPDATE query.merchant_dashboard SET invoices_paid = invoices_paid + :paid,
                    updated_at = GREATEST(updated_at, :at)
                WHERE merchant_id = :merchant AND mode = :mode AND asset = :asset""")
            .param("paid", paidDelta).param("at", Timestamp.from(at))
            .param("merchant", row.merchantId()).param("mode", row.mode()).param("asset", row.asset())
            .update();
        publish(MerchantId.of(row.merchantId()), Mode.valueOf(row.mode()));
        return true;
    }

    private void touch(String merchant, String mode, String asset, Instant at) {
        jdbc.sql("""
                INSERT INTO query.merchant_dashboard (merchant_id, mode, asset, updated_at)
                VALUES (:merchant, :mode, :asset, :at)
                ON CONFLICT (merchant_id, mode, asset) DO UPDATE
                SET updated_at = GREATEST(query.merchant_dashboard.updated_at, EXCLUDED.updated_at)""")
            .param("merchant", merchant).param("mode", mode).param("asset", asset).param("at", Timestamp.from(at))
            .update();
    }

    private void count(String merchant, String mode, String asset, InvoiceStatus status, int delta) {
        if (delta < 0) {
            // Not an upsert: PostgreSQL checks the proposed (negative) row before it finds the conflict.
            jdbc.sql("UPDATE query.merchant_dashboard_status_counts SET invoices = invoices + :delta "
                     + "WHERE merchant_id = :merchant AND mode = :mode AND asset = :asset AND status = :status")
                .param("merchant", merchant).param("mode", mode).param("asset", asset).param("status", status.name())
                .param("delta", delta)
                .update();
            return;
        }
        jdbc.sql("""
                INSERT INTO query.merchant_dashboard_status_counts (merchant_id, mode, asset, status, invoices)
                VALUES (:merchant, :mode, :asset, :status, :delta)
                ON CONFLICT (merchant_id, mode, asset, status) DO UPDATE
                SET invoices = query.merchant_dashboard_status_counts.invoices + EXCLUDED.invoices""")
            .param("merchant", merchant).param("mode", mode).param("asset", asset).param("status", status.name())
            .param("delta", delta)
            .update();
    }

    private Optional<InvoiceRow> row(String invoiceId) {
        return jdbc.sql("SELECT merchant_id, asset, status, paid, mode FROM query.merchant_dashboard_invoices "
                        + "WHERE invoice_id = :invoice")
                   .param("invoice", invoiceId)
                   .query((rs, n) -> new InvoiceRow(rs.getString(1), rs.getString(2),
                                                    InvoiceStatus.valueOf(rs.getString(3)), rs.getBoolean(4),
                                                    rs.getString(5)))
                   .optional();
    }

    /** Sends the merchant's new figures to its open dashboards (on every node); reads them only if one is open here. */
    private void publish(MerchantId merchantId, Mode mode) {
        cluster.changed(new GetMerchantDashboard(merchantId, mode));
        if (!Subscribers.any(updates, GetMerchantDashboard.class,
                             query -> query.merchantId().equals(merchantId) && query.mode() == mode)) {
            return;
        }
        DashboardView view = view(merchantId, mode);
        updates.emit(GetMerchantDashboard.class, q -> q.merchantId().equals(merchantId) && q.mode() == mode, view);
    }

    DashboardView view(MerchantId merchantId, Mode mode) {
        Map<String, Map<InvoiceStatus, Integer>> counts = new java.util.HashMap<>();
        jdbc.sql("SELECT asset, status, invoices FROM query.merchant_dashboard_status_counts "
                 + "WHERE merchant_id = :merchant AND mode = :mode AND invoices > 0")
            .param("merchant", merchantId.value()).param("mode", mode.name())
            .query(rs -> {
                counts.computeIfAbsent(rs.getString(1), a -> new EnumMap<>(InvoiceStatus.class))
                      .put(InvoiceStatus.valueOf(rs.getString(2)), rs.getInt(3));
            });
        List<AssetTotals> assets = new ArrayList<>(jdbc.sql("""
                SELECT asset, gross_base_units, fee_base_units, net_base_units, settlements, invoices_total,
                       invoices_paid, last_payment_at, updated_at
                FROM query.merchant_dashboard WHERE merchant_id = :merchant AND mode = :mode ORDER BY asset""")
                .param("merchant", merchantId.value()).param("mode", mode.name())
                .query((rs, n) -> {
                    Asset asset = Asset.valueOf(rs.getString(1));
                    int total = rs.getInt(6);
                    int paid = rs.getInt(7);
                    Timestamp last = rs.getTimestamp(8);
                    return new AssetTotals(asset, amount(asset, rs.getLong(2)), amount(asset, rs.getLong(3)),
                            amount(asset, rs.getLong(4)), rs.getInt(5), total, paid, conversion(paid, total),
                            counts.getOrDefault(asset.name(), Map.of()), last == null ? null : last.toInstant(),
                            rs.getTimestamp(9).toInstant());
                })
                .list());
        return new DashboardView(merchantId, assets, mode);
    }

    static String conversion(int paid, int total) {
        if (total == 0) {
            return "0.0000";
        }
        return BigDecimal.valueOf(paid).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP).toPlainString();
    }

    private static String amount(Asset asset, long baseUnits) {
        return TokenAmount.ofBaseUnits(asset, baseUnits).toDecimalString();
    }

    private record InvoiceRow(String merchantId, String asset, InvoiceStatus status, boolean paid, String mode) {
    }
}
