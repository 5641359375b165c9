package dev.tally.query.attention;

import dev.tally.kernel.attention.SagaCommandRefused;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.payment.PaymentStuck;
import dev.tally.platform.axon.ReadModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Needs attention: what waits for a person, per merchant. A stuck payment is open until the payment moves on
 * (confirmed, failed or orphaned); a saga's refused command until its invoice reaches an end (settled, cancelled or
 * expired), and is over at once when that invoice had ended before (a late duplicate of a step already taken). Shown on the dashboard and counted, open, in the gauge {@code tally.attention.open} (per kind) that an
 * alert can use. Sequenced by invoice, so an item's opening and closing are never handled out of order.
 */
@Component
@ReadModel
@ProcessingGroup(AttentionProjection.GROUP)
public class AttentionProjection implements MeterBinder {
    public static final String GROUP = "attention";
    static final String PAYMENT_STUCK = "PAYMENT_STUCK";
    static final String COMMAND_REFUSED = "COMMAND_REFUSED";
    private static final int REASON_LENGTH_MAX = 2000;
    private static final long COUNTS_FRESH_FOR_MS = 5_000;

    private final JdbcClient jdbc;
    private volatile Map<String, Long> openCounts = Map.of();
    private volatile long countedAt;

    public AttentionProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PaymentStuck event) {
        open("stuck:" + event.paymentId().value(), event.merchantId().value(), event.mode(), PAYMENT_STUCK,
             event.invoiceId(),
             event.paymentId().value(), "payment " + event.paymentId().value() + " is still " + event.status()
                                        + " since its detection at " + event.detectedAt(),
             event.escalatedAt());
    }

    @EventHandler
    void on(PaymentConfirmed event) {
        resolvePayment(event.paymentId(), event.confirmedAt());
    }

    @EventHandler
    void on(PaymentFailed event) {
        resolvePayment(event.paymentId(), event.failedAt());
    }

    @EventHandler
    void on(PaymentOrphaned event) {
        resolvePayment(event.paymentId(), event.orphanedAt());
    }

    @EventHandler
    void on(SagaCommandRefused event) {
        open("refused:" + event.refusalId(), event.merchantId() == null ? null : event.merchantId().value(),
             event.mode(), COMMAND_REFUSED, event.invoiceId(), event.command(),
             event.saga() + ": " + event.command() + " was refused (" + event.code() + ": " + event.reason() + ")",
             event.at());
        if (event.invoiceId() != null) {
            // Refused because its invoice had ended already: nothing waits for a person.
            jdbc.sql("""
                    UPDATE query.attention_items SET resolved_at = :at WHERE item_id = :id AND resolved_at IS NULL
                      AND EXISTS (SELECT 1 FROM query.attention_ended_invoices WHERE invoice_id = :invoice)""")
                .param("at", java.sql.Timestamp.from(event.at())).param("id", "refused:" + event.refusalId())
                .param("invoice", event.invoiceId().value())
                .update();
        }
    }

    @EventHandler
    void on(InvoiceSettled event) {
        resolveRefusals(event.invoiceId(), event.settledAt());
    }

    @EventHandler
    void on(InvoiceCancelled event) {
        resolveRefusals(event.invoiceId(), event.cancelledAt());
    }

    @EventHandler
    void on(InvoiceExpired event) {
        resolveRefusals(event.invoiceId(), event.expiredAt());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.attention_items").update();
        jdbc.sql("DELETE FROM query.attention_ended_invoices").update();
    }

    @QueryHandler
    public List<AttentionItem> handle(ListOpenAttention query) {
        return jdbc.sql("""
                SELECT item_id, kind, invoice_id, subject_id, reason, opened_at FROM query.attention_items
                WHERE merchant_id = :merchant AND mode = :mode AND resolved_at IS NULL
                ORDER BY opened_at, item_id LIMIT :limit""")
                   .param("merchant", query.merchantId().value())
                   .param("mode", query.mode().name())
                   .param("limit", query.limit())
                   .query((rs, n) -> new AttentionItem(rs.getString(1), rs.getString(2), rs.getString(3),
                                                       rs.getString(4), rs.getString(5),
                                                       rs.getTimestamp(6).toInstant()))
                   .list();
    }

    /** {@code tally.attention.open{kind}}: open items of every merchant. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String kind : List.of(PAYMENT_STUCK, COMMAND_REFUSED)) {
            Gauge.builder("tally.attention.open", this, p -> p.openCount(kind))
                 .description("Work waiting for a person: stuck payments and refused saga commands")
                 .tag("kind", kind.toLowerCase(java.util.Locale.ROOT))
                 .register(registry);
        }
    }

    long openCount(String kind) {
        long now = System.currentTimeMillis();
        if (now - countedAt > COUNTS_FRESH_FOR_MS) {
            Map<String, Long> counts = new ConcurrentHashMap<>();
            jdbc.sql("SELECT kind, count(*) FROM query.attention_items WHERE resolved_at IS NULL GROUP BY kind")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
            openCounts = counts;
            countedAt = now;
        }
        return openCounts.getOrDefault(kind, 0L);
    }

    private void open(String id, String merchantId, Mode mode, String kind, InvoiceId invoiceId, String subjectId,
                      String reason, Instant at) {
        String text = reason.length() <= REASON_LENGTH_MAX ? reason : reason.substring(0, REASON_LENGTH_MAX - 1) + "…";
        jdbc.sql("""
                INSERT INTO query.attention_items (item_id, merchant_id, mode, kind, invoice_id, subject_id, reason,
                    opened_at)
                VALUES (:id, :merchant, :mode, :kind, :invoice, :subject, :reason, :at)
                ON CONFLICT (item_id) DO UPDATE SET resolved_at = NULL, reason = EXCLUDED.reason,
                    opened_at = EXCLUDED.opened_at""")
            .param("id", id).param("merchant", merchantId).param("mode", mode.name()).param("kind", kind)
            .param("invoice", invoiceId == null ? null : invoiceId.value())
            .param("subject", subjectId).param("reason", text)
            .param("at", java.sql.Timestamp.from(at))
            .update();
    }

    private void resolvePayment(PaymentId payment, Instant at) {
        jdbc.sql("UPDATE query.attention_items SET resolved_at = :at WHERE item_id = :id AND resolved_at IS NULL")
            .param("at", java.sql.Timestamp.from(at)).param("id", "stuck:" + payment.value())
            .update();
    }

    private void resolveRefusals(InvoiceId invoice, Instant at) {
        jdbc.sql("INSERT INTO query.attention_ended_invoices (invoice_id, ended_at) VALUES (:invoice, :at) "
                 + "ON CONFLICT (invoice_id) DO NOTHING")
            .param("invoice", invoice.value()).param("at", java.sql.Timestamp.from(at))
            .update();
        jdbc.sql("""
                UPDATE query.attention_items SET resolved_at = :at
                WHERE invoice_id = :invoice AND kind = 'COMMAND_REFUSED' AND resolved_at IS NULL""")
            .param("at", java.sql.Timestamp.from(at)).param("invoice", invoice.value())
            .update();
    }
}
