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
import dev.tally.platform.axon.ReplayWrites;
import dev.tally.platform.axon.Replaying;
import dev.tally.platform.axon.Subscribers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import dev.tally.query.live.ClusterUpdates;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
    private static final String BATCH = MerchantDashboardProjection.class.getName() + ".batch";

    /**
     * States that mean the invoice is paid (or settled or refunded after being paid): conversions. An invoice whose
     * payment a reorg reversed leaves them again.
     */
    static final Set<InvoiceStatus> PAID = EnumSet.of(InvoiceStatus.PAID, InvoiceStatus.OVERPAID,
            InvoiceStatus.PAID_LATE, InvoiceStatus.SETTLED, InvoiceStatus.PARTIALLY_REFUNDED, InvoiceStatus.REFUNDED);

    private final JdbcClient jdbc;
    /** The invoices' rows: batched in a rebuild. */
    private final ReplayWrites writes;
    private final QueryUpdateEmitter updates;
    private final ClusterUpdates cluster;

    public MerchantDashboardProjection(JdbcClient jdbc, DataSource dataSource, QueryUpdateEmitter updates,
                                       ClusterUpdates cluster) {
        this.writes = new ReplayWrites(dataSource);
        this.cluster = cluster;
        cluster.topic(GetMerchantDashboard.class, ResponseTypes.instanceOf(DashboardView.class), Optional::of);
        this.jdbc = jdbc;
        this.updates = updates;
    }

    @EventHandler
    void on(InvoiceCreated event) {
        String insert = """
                INSERT INTO query.merchant_dashboard_invoices (invoice_id, merchant_id, mode, asset, status)
                VALUES (:invoice, :merchant, :mode, :asset, 'PENDING') ON CONFLICT (invoice_id) DO NOTHING""";
        Map<String, Object> row = Map.of("invoice", event.invoiceId().value(), "merchant", event.merchantId().value(),
                                         "mode", event.mode().name(), "asset", event.amount().asset().name());
        if (batch().replaying) {
            // A rebuild starts from empty tables and reads each creation once: the row is new.
            writes.update(insert, row);
        } else if (jdbc.sql(insert).params(row).update() == 0) {
            return; // delivered again: counted already
        }
        Totals totals = new Totals(event.createdAt());
        totals.invoices = 1;
        totals.counts.put(InvoiceStatus.PENDING, 1);
        change(new Key(event.merchantId().value(), event.mode().name(), event.amount().asset().name()), totals);
    }

    @EventHandler
    void on(InvoiceCancelled event) {
        move(event.invoiceId().value(), InvoiceStatus.CANCELLED, event.cancelledAt(), null);
    }

    @EventHandler
    void on(InvoiceExpired event) {
        move(event.invoiceId().value(), InvoiceStatus.EXPIRED, event.expiredAt(), null);
    }

    @EventHandler
    void on(InvoicePaymentDetected event) {
        row(event.invoiceId().value()).ifPresent(
                row -> move(event.invoiceId().value(), event.statusAfter(row.status()), event.detectedAt(), null));
    }

    @EventHandler
    void on(InvoicePaymentReversed event) {
        move(event.invoiceId().value(), event.statusAfter(), event.at(), null);
    }

    @EventHandler
    void on(InvoicePaymentUnapplied event) {
        move(event.invoiceId().value(), event.statusAfter(), event.at(), null);
    }

    @EventHandler
    void on(InvoicePaymentConfirmed event) {
        move(event.invoiceId().value(), event.statusAfter(), event.confirmedAt(), event.confirmedAt());
    }

    @EventHandler
    void on(InvoicePaymentWithdrawn event) {
        move(event.invoiceId().value(), event.statusAfter(), event.at(), null);
    }

    @EventHandler
    void on(InvoiceSettled event) {
        move(event.invoiceId().value(), InvoiceStatus.SETTLED, event.settledAt(), null);
    }

    @EventHandler
    void on(SettlementCreated event) {
        // Counted once per invoice: the row remembers the settlement it counted.
        writes.flush();
        int counted = jdbc.sql("""
                UPDATE query.merchant_dashboard_invoices SET settlement_id = :settlement
                WHERE invoice_id = :invoice AND settlement_id IS NULL""")
                .param("settlement", event.settlementId().value())
                .param("invoice", event.invoiceId().value())
                .update();
        if (counted == 0) {
            return;
        }
        Totals totals = new Totals(event.createdAt());
        totals.settled(event.gross().baseUnits(), event.fee().baseUnits(), event.net().baseUnits(), 1);
        change(new Key(event.merchantId().value(), event.mode().name(), event.gross().asset().name()), totals);
    }

    /** A reorg reversed the settlement: its figures leave the totals, and the invoice's next round may count. */
    @EventHandler
    void on(SettlementReversed event) {
        writes.flush();
        int uncounted = jdbc.sql("""
                UPDATE query.merchant_dashboard_invoices SET settlement_id = NULL
                WHERE invoice_id = :invoice AND settlement_id = :settlement""")
                .param("settlement", event.settlementId().value())
                .param("invoice", event.invoiceId().value())
                .update();
        if (uncounted == 0) {
            return;
        }
        Totals totals = new Totals(event.reversedAt());
        totals.settled(-event.gross().baseUnits(), -event.fee().baseUnits(), -event.net().baseUnits(), -1);
        change(new Key(event.merchantId().value(), event.mode().name(), event.gross().asset().name()), totals);
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

    /**
     * The invoice's status moves on (nothing if it is unknown or already there); a confirmed payment also stamps the
     * merchant's last payment, whether or not the status moves.
     */
    private void move(String invoiceId, InvoiceStatus next, Instant at, Instant paymentAt) {
        Optional<InvoiceRow> found = row(invoiceId);
        if (found.isEmpty()) {
            return;
        }
        InvoiceRow row = found.get();
        Totals totals = new Totals(paymentAt == null ? at : null);
        totals.lastPaymentAt = paymentAt;
        if (row.status() != next) {
            // Paid is the invoice's present state: a reorg that reverses its payment takes the conversion back.
            boolean paidNext = PAID.contains(next);
            writes.update("UPDATE query.merchant_dashboard_invoices SET status = :status, paid = :paid "
                          + "WHERE invoice_id = :invoice",
                          Map.of("status", next.name(), "paid", paidNext, "invoice", invoiceId));
            totals.updatedAt = at;
            totals.paid = (paidNext ? 1 : 0) - (row.paid() ? 1 : 0);
            totals.counts.merge(row.status(), -1, Integer::sum);
            totals.counts.merge(next, 1, Integer::sum);
        } else if (paymentAt == null) {
            return;
        }
        change(new Key(row.merchantId(), row.mode(), row.asset()), totals);
    }

    /**
     * A handler's change to a merchant's totals and counts, its last step (after its own statements succeeded).
     * Live, it is written at once, inside the handler: a failure fails the handler, whose event can be parked while
     * the batch's others are stored. In a rebuild (one transaction, which fails whole at its first failure) the
     * batch's changes are summed and written when the batch commits, one row write per merchant and asset however
     * many events touched it: row by row, a rebuild updated a busy merchant's row thousands of times in one
     * transaction, and each update walked every version of the row the transaction had left behind.
     */
    private void change(Key key, Totals totals) {
        Batch batch = batch();
        if (batch.replaying) {
            batch.add(key, totals);
        } else {
            write(key, totals);
            batch.changed.add(key.query());
        }
        cluster.changed(key.query());
    }

    private Batch batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("the merchant dashboard is written in an event's unit of work");
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch(unitOfWork.resources().containsKey(Replaying.RESOURCE));
            if (batch.replaying) {
                unitOfWork.onPrepareCommit(u -> flush(batch));
            } else {
                // Once committed (never during a rebuild: its rows are not news, and nobody can read them yet).
                unitOfWork.afterCommit(u -> batch.changed.forEach(this::emit));
            }
            return batch;
        });
    }

    private void flush(Batch batch) {
        batch.totals.forEach(this::write);
    }

    private void write(Key key, Totals totals) {
        jdbc.sql("""
                INSERT INTO query.merchant_dashboard (merchant_id, mode, asset, gross_base_units, fee_base_units,
                    net_base_units, settlements, invoices_total, invoices_paid, last_payment_at, updated_at)
                VALUES (:merchant, :mode, :asset, :gross, :fee, :net, :settlements, :invoices, :paid,
                        CAST(:payment AS timestamptz), :created)
                ON CONFLICT (merchant_id, mode, asset) DO UPDATE SET
                    gross_base_units = query.merchant_dashboard.gross_base_units + EXCLUDED.gross_base_units,
                    fee_base_units = query.merchant_dashboard.fee_base_units + EXCLUDED.fee_base_units,
                    net_base_units = query.merchant_dashboard.net_base_units + EXCLUDED.net_base_units,
                    settlements = query.merchant_dashboard.settlements + EXCLUDED.settlements,
                    invoices_total = query.merchant_dashboard.invoices_total + EXCLUDED.invoices_total,
                    invoices_paid = query.merchant_dashboard.invoices_paid + EXCLUDED.invoices_paid,
                    last_payment_at = GREATEST(query.merchant_dashboard.last_payment_at,
                                               EXCLUDED.last_payment_at),
                    updated_at = GREATEST(query.merchant_dashboard.updated_at, CAST(:at AS timestamptz))""")
            .param("merchant", key.merchant()).param("mode", key.mode()).param("asset", key.asset())
            .param("gross", totals.gross).param("fee", totals.fee).param("net", totals.net)
            .param("settlements", totals.settlements).param("invoices", totals.invoices)
            .param("paid", totals.paid)
            .param("payment", timestamp(totals.lastPaymentAt))
            // A new row is stamped with what it has; an existing one moves only when the batch moved it.
            .param("created", timestamp(totals.updatedAt == null ? totals.lastPaymentAt : totals.updatedAt))
            .param("at", timestamp(totals.updatedAt))
            .update();
        totals.counts.forEach((status, delta) -> count(key, status, delta));
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private void count(Key key, InvoiceStatus status, int delta) {
        if (delta == 0) {
            return;
        }
        if (delta < 0) {
            // Not an upsert: PostgreSQL checks the proposed (negative) row before it finds the conflict. A count
            // down to zero is removed, as a batch that moved an invoice in and out again never writes it.
            List<Integer> left = jdbc.sql("""
                    UPDATE query.merchant_dashboard_status_counts SET invoices = invoices + :delta
                    WHERE merchant_id = :merchant AND mode = :mode AND asset = :asset AND status = :status
                    RETURNING invoices""")
                .param("merchant", key.merchant()).param("mode", key.mode()).param("asset", key.asset())
                .param("status", status.name()).param("delta", delta)
                .query(Integer.class).list();
            if (left.equals(List.of(0))) {
                jdbc.sql("""
                        DELETE FROM query.merchant_dashboard_status_counts
                        WHERE merchant_id = :merchant AND mode = :mode AND asset = :asset AND status = :status
                          AND invoices = 0""")
                    .param("merchant", key.merchant()).param("mode", key.mode()).param("asset", key.asset())
                    .param("status", status.name())
                    .update();
            }
            return;
        }
        jdbc.sql("""
                INSERT INTO query.merchant_dashboard_status_counts (merchant_id, mode, asset, status, invoices)
                VALUES (:merchant, :mode, :asset, :status, :delta)
                ON CONFLICT (merchant_id, mode, asset, status) DO UPDATE
                SET invoices = query.merchant_dashboard_status_counts.invoices + EXCLUDED.invoices""")
            .param("merchant", key.merchant()).param("mode", key.mode()).param("asset", key.asset())
            .param("status", status.name()).param("delta", delta)
            .update();
    }

    private Optional<InvoiceRow> row(String invoiceId) {
        writes.flush();
        return jdbc.sql("SELECT merchant_id, asset, status, paid, mode FROM query.merchant_dashboard_invoices "
                        + "WHERE invoice_id = :invoice")
                   .param("invoice", invoiceId)
                   .query((rs, n) -> new InvoiceRow(rs.getString(1), rs.getString(2),
                                                    InvoiceStatus.valueOf(rs.getString(3)), rs.getBoolean(4),
                                                    rs.getString(5)))
                   .optional();
    }

    /**
     * Sends the merchant's new figures to its open dashboards on this node, reading them only if one is open here
     * (the other nodes were told by {@link ClusterUpdates} and read their own).
     */
    private void emit(GetMerchantDashboard changed) {
        MerchantId merchantId = changed.merchantId();
        Mode mode = changed.mode();
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

    /** A merchant's row: its totals in one mode and asset. */
    private record Key(String merchant, String mode, String asset) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::merchant).thenComparing(Key::mode)
                                                               .thenComparing(Key::asset);

        GetMerchantDashboard query() {
            return new GetMerchantDashboard(MerchantId.of(merchant), Mode.valueOf(mode));
        }

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    /** Changes to one merchant's row: sums of deltas, the latest instants, and the moves between statuses. */
    private static final class Totals {
        long gross;
        long fee;
        long net;
        int settlements;
        int invoices;
        int paid;
        Instant lastPaymentAt;
        Instant updatedAt;
        final Map<InvoiceStatus, Integer> counts = new EnumMap<>(InvoiceStatus.class);

        Totals(Instant updatedAt) {
            this.updatedAt = updatedAt;
        }

        void settled(long gross, long fee, long net, int settlements) {
            this.gross = gross;
            this.fee = fee;
            this.net = net;
            this.settlements = settlements;
        }

        void add(Totals other) {
            gross += other.gross;
            fee += other.fee;
            net += other.net;
            settlements += other.settlements;
            invoices += other.invoices;
            paid += other.paid;
            lastPaymentAt = latest(lastPaymentAt, other.lastPaymentAt);
            updatedAt = latest(updatedAt, other.updatedAt);
            other.counts.forEach((status, delta) -> counts.merge(status, delta, Integer::sum));
        }

        private static Instant latest(Instant a, Instant b) {
            return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
        }
    }

    /**
     * One unit of work's changes: in a rebuild, summed by row, in a fixed order; live, the dashboards to send once
     * it commits.
     */
    private static final class Batch {
        final boolean replaying;
        final Map<Key, Totals> totals = new TreeMap<>();
        final Set<GetMerchantDashboard> changed = new LinkedHashSet<>();

        Batch(boolean replaying) {
            this.replaying = replaying;
        }

        void add(Key key, Totals change) {
            totals.computeIfAbsent(key, k -> new Totals(null)).add(change);
        }
    }
}
