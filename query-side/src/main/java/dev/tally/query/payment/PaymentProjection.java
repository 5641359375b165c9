package dev.tally.query.payment;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.invoice.InvoicePaymentView;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentFinalized;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.payment.PaymentReversed;
import dev.tally.kernel.payment.PaymentStatus;
import dev.tally.platform.axon.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** The payments of each invoice, shown with the invoice to its merchant (never to the customer: no fee data here). */
@Component
@ReadModel
@ProcessingGroup(PaymentProjection.GROUP)
public class PaymentProjection {
    public static final String GROUP = "payment-views";

    private final JdbcClient jdbc;

    public PaymentProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PaymentDetected event) {
        jdbc.sql("""
                INSERT INTO query.payments (payment_id, invoice_id, merchant_id, status, amount_base_units, asset,
                    tx_hash, confirmations, required_confirmations, detected_at, updated_at)
                VALUES (:id, :invoice, :merchant, 'DETECTED', :amount, :asset, :tx, 0, :required, :at, :at)
                ON CONFLICT (payment_id) DO UPDATE SET status = 'DETECTED', confirmations = 0,
                    detected_at = EXCLUDED.detected_at, updated_at = EXCLUDED.updated_at""")
            .param("id", event.paymentId().value())
            .param("invoice", event.invoiceId().value())
            .param("merchant", event.merchantId().value())
            .param("amount", event.amount().baseUnits())
            .param("asset", event.amount().asset().name())
            .param("tx", event.txHash())
            .param("required", event.requiredConfirmations())
            .param("at", Timestamp.from(event.detectedAt()))
            .update();
    }

    @EventHandler
    void on(PaymentIncludedInBlock event) {
        update(event.paymentId(), PaymentStatus.CONFIRMING, event.confirmations(), event.at(), null);
    }

    @EventHandler
    void on(PaymentConfirmed event) {
        update(event.paymentId(), PaymentStatus.CONFIRMED, event.confirmations(), event.confirmedAt(),
               event.confirmedAt());
    }

    @EventHandler
    void on(PaymentFailed event) {
        update(event.paymentId(), PaymentStatus.FAILED, null, event.failedAt(), null);
    }

    @EventHandler
    void on(PaymentOrphaned event) {
        update(event.paymentId(), PaymentStatus.ORPHANED, 0, event.orphanedAt(), null);
    }

    @EventHandler
    void on(PaymentFinalized event) {
        update(event.paymentId(), PaymentStatus.FINALIZED, null, event.finalizedAt(), null);
    }

    @EventHandler
    void on(PaymentReversed event) {
        update(event.paymentId(), PaymentStatus.REVERSED, 0, event.reversedAt(), null);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.payments").update();
    }

    private void update(PaymentId id, PaymentStatus status, Integer confirmations, Instant at, Instant confirmedAt) {
        jdbc.sql("""
                UPDATE query.payments SET status = :status, confirmations = COALESCE(:confirmations, confirmations),
                    confirmed_at = COALESCE(:confirmedAt, confirmed_at), updated_at = :at
                WHERE payment_id = :id""")
            .param("status", status.name())
            .param("confirmations", confirmations)
            .param("confirmedAt", confirmedAt == null ? null : Timestamp.from(confirmedAt))
            .param("at", Timestamp.from(at))
            .param("id", id.value())
            .update();
    }

    /** An invoice's payments, oldest first. */
    public List<InvoicePaymentView> paymentsOf(InvoiceId invoiceId) {
        return jdbc.sql("""
                SELECT payment_id, status, amount_base_units, asset, tx_hash, confirmations, required_confirmations,
                       detected_at, confirmed_at
                FROM query.payments WHERE invoice_id = :invoice ORDER BY detected_at, payment_id""")
                   .param("invoice", invoiceId.value())
                   .query((rs, n) -> new InvoicePaymentView(PaymentId.of(rs.getString(1)),
                           PaymentStatus.valueOf(rs.getString(2)),
                           TokenAmount.ofBaseUnits(Asset.valueOf(rs.getString(4)), rs.getLong(3)).toDecimalString(),
                           rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getTimestamp(8).toInstant(),
                           rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()))
                   .list();
    }
}
