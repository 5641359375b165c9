package dev.tally.query.checkout;

import dev.tally.kernel.ids.InvoiceId;
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
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.platform.axon.ReadModel;
import dev.tally.platform.axon.ReplayWrites;
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

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The customer-facing invoice summary. Sequenced per invoice (see {@code ReadModelSequencing}) so that the payment
 * events, which belong to payment aggregates, apply in order with the invoice's own. No fee is ever read into it.
 */
@Component
@ReadModel
@ProcessingGroup(InvoiceSummaryProjection.GROUP)
public class InvoiceSummaryProjection {
    public static final String GROUP = "invoice-summary";

    private final JdbcClient jdbc;
    /** Every write of this view: batched in a rebuild. */
    private final ReplayWrites writes;
    private final QueryUpdateEmitter updates;
    private final ClusterUpdates cluster;

    public InvoiceSummaryProjection(JdbcClient jdbc, DataSource dataSource, QueryUpdateEmitter updates,
                                    ClusterUpdates cluster) {
        this.writes = new ReplayWrites(dataSource);
        this.cluster = cluster;
        cluster.topic(FindPublicInvoice.class, ResponseTypes.optionalInstanceOf(PublicInvoiceView.class),
                      answer -> answer);
        this.jdbc = jdbc;
        this.updates = updates;
    }

    @EventHandler
    void on(InvoiceCreated event) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", event.invoiceId().value());
        row.put("amount", event.amount().baseUnits());
        row.put("asset", event.amount().asset().name());
        row.put("chain", event.chain().name());
        row.put("address", event.depositAddress());
        row.put("description", event.description());
        row.put("required", event.requiredConfirmations());
        row.put("created", Timestamp.from(event.createdAt()));
        row.put("expires", Timestamp.from(event.expiresAt()));
        row.put("mode", event.mode().name());
        writes.update("""
                INSERT INTO query.invoice_summary (invoice_id, status, amount_base_units, asset, chain,
                    deposit_address, description, required_confirmations, created_at, expires_at, updated_at, mode)
                VALUES (:id, 'PENDING', :amount, :asset, :chain, :address, :description, :required, :created,
                        :expires, :created, :mode)
                ON CONFLICT (invoice_id) DO NOTHING""", row);
        publish(event.invoiceId());
    }

    @EventHandler
    void on(InvoiceCancelled event) {
        status(event.invoiceId(), InvoiceStatus.CANCELLED, event.cancelledAt());
    }

    @EventHandler
    void on(InvoiceExpired event) {
        status(event.invoiceId(), InvoiceStatus.EXPIRED, event.expiredAt());
    }

    @EventHandler
    void on(InvoicePaymentDetected event) {
        writes.flush();
        Optional<InvoiceStatus> before = jdbc.sql("SELECT status FROM query.invoice_summary WHERE invoice_id = :id")
                                             .param("id", event.invoiceId().value())
                                             .query((rs, n) -> InvoiceStatus.valueOf(rs.getString(1))).optional();
        if (before.isEmpty() || event.statusAfter(before.get()) == before.get()) {
            return;
        }
        status(event.invoiceId(), event.statusAfter(before.get()), event.detectedAt());
    }

    @EventHandler
    void on(InvoicePaymentReversed event) {
        paid(event.invoiceId(), event.statusAfter(), event.confirmedTotal(), event.at());
    }

    @EventHandler
    void on(InvoicePaymentUnapplied event) {
        paid(event.invoiceId(), event.statusAfter(), event.confirmedTotal(), event.at());
    }

    @EventHandler
    void on(InvoicePaymentConfirmed event) {
        paid(event.invoiceId(), event.statusAfter(), event.confirmedTotal(), event.confirmedAt());
    }

    /** The money the invoice counts changed, and the status it leads to. */
    private void paid(InvoiceId invoice, InvoiceStatus status, TokenAmount confirmedTotal, Instant at) {
        writes.update("""
                UPDATE query.invoice_summary SET status = :status, paid_base_units = :paid, updated_at = :at
                WHERE invoice_id = :id""", Map.of("status", status.name(), "paid", confirmedTotal.baseUnits(),
                                                 "at", Timestamp.from(at), "id", invoice.value()));
        publish(invoice);
    }

    @EventHandler
    void on(InvoicePaymentWithdrawn event) {
        status(event.invoiceId(), event.statusAfter(), event.at());
    }

    @EventHandler
    void on(InvoiceSettled event) {
        status(event.invoiceId(), InvoiceStatus.SETTLED, event.settledAt());
    }

    @EventHandler
    void on(PaymentDetected event) {
        confirmations(event.invoiceId(), event.paymentId().value(), 0, event.detectedAt());
    }

    @EventHandler
    void on(PaymentIncludedInBlock event) {
        confirmations(event.invoiceId(), event.paymentId().value(), event.confirmations(), event.at());
    }

    @EventHandler
    void on(PaymentConfirmed event) {
        confirmations(event.invoiceId(), event.paymentId().value(), event.confirmations(), event.confirmedAt());
    }

    @EventHandler
    void on(PaymentOrphaned event) {
        confirmations(event.invoiceId(), event.paymentId().value(), 0, event.orphanedAt());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.invoice_summary").update();
    }

    @QueryHandler
    public Optional<PublicInvoiceView> handle(FindPublicInvoice query) {
        return find(query.invoiceId());
    }

    private void status(InvoiceId id, InvoiceStatus status, Instant at) {
        writes.update("UPDATE query.invoice_summary SET status = :status, updated_at = :at WHERE invoice_id = :id",
                      Map.of("status", status.name(), "at", Timestamp.from(at), "id", id.value()));
        publish(id);
    }

    private void confirmations(InvoiceId id, String paymentId, int confirmations, Instant at) {
        writes.update("""
                UPDATE query.invoice_summary SET payment_id = :payment, confirmations = LEAST(:confirmations,
                    required_confirmations), updated_at = GREATEST(updated_at, :at)
                WHERE invoice_id = :id""", Map.of("payment", paymentId, "confirmations", confirmations,
                                                 "at", Timestamp.from(at), "id", id.value()));
        publish(id);
    }

    /** Sends the new summary to the invoice's open pages (on every node); reads it only if one is open here. */
    private void publish(InvoiceId id) {
        cluster.changed(new FindPublicInvoice(id));
        if (!Subscribers.any(updates, FindPublicInvoice.class, q -> q.invoiceId().equals(id))) {
            return;
        }
        find(id).ifPresent(view -> updates.emit(FindPublicInvoice.class, q -> q.invoiceId().equals(id), view));
    }

    private Optional<PublicInvoiceView> find(InvoiceId id) {
        writes.flush();
        return jdbc.sql("""
                SELECT invoice_id, status, amount_base_units, asset, chain, deposit_address, description,
                       paid_base_units, confirmations, required_confirmations, expires_at, created_at, updated_at,
                       mode
                FROM query.invoice_summary WHERE invoice_id = :id""")
                   .param("id", id.value())
                   .query((rs, n) -> {
                       Asset asset = Asset.valueOf(rs.getString(4));
                       long amount = rs.getLong(3);
                       long paid = rs.getLong(8);
                       return new PublicInvoiceView(InvoiceId.of(rs.getString(1)),
                               InvoiceStatus.valueOf(rs.getString(2)), amount(asset, amount), asset,
                               Chain.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), amount(asset, paid),
                               amount(asset, Math.max(0, amount - paid)), rs.getInt(9), rs.getInt(10),
                               rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant(),
                               rs.getTimestamp(13).toInstant(), Mode.valueOf(rs.getString(14)));
                   })
                   .optional();
    }

    private static String amount(Asset asset, long baseUnits) {
        return TokenAmount.ofBaseUnits(asset, baseUnits).toDecimalString();
    }
}
