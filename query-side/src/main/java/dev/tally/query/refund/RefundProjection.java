package dev.tally.query.refund;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.refund.FindRefundClaim;
import dev.tally.kernel.refund.ListInvoiceRefundsForCustomer;
import dev.tally.kernel.refund.RefundClaimView;
import dev.tally.kernel.refund.RefundEvent;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundView;
import dev.tally.platform.axon.ReadModel;
import dev.tally.query.KeysetCursor;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refunds as their merchant and their customer read them. Every refund event carries the whole refund as it leaves
 * it, so each row is simply the latest one (an older event arriving again changes nothing).
 */
@Component
@ReadModel
@ProcessingGroup(RefundProjection.GROUP)
public class RefundProjection {
    public static final String GROUP = "refund-views";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public RefundProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(RefundEvent event) {
        RefundState refund = event.refund();
        jdbc.sql("""
                INSERT INTO query.refunds (refund_id, merchant_id, mode, invoice_id, claim_id, status, created_at,
                    updated_at, view)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (refund_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
                    view = excluded.view
                WHERE query.refunds.updated_at <= excluded.updated_at""")
            .params(refund.refundId().value(), refund.merchantId().value(), refund.mode().name(),
                    refund.invoiceId().value(), refund.claimId(), refund.status().name(),
                    Timestamp.from(refund.requestedAt()), Timestamp.from(refund.updatedAt()),
                    write(RefundView.of(refund)))
            .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.refunds").update();
    }

    @QueryHandler
    public Optional<RefundView> handle(FindRefund query) {
        return jdbc.sql("SELECT view::text FROM query.refunds WHERE refund_id = ? AND merchant_id = ? AND mode = ?")
                   .params(query.refundId().value(), query.merchantId().value(), query.mode().name())
                   .query(String.class).optional().map(this::read);
    }

    @QueryHandler
    public RefundPage handle(ListRefunds query) {
        if (query.limit() < 1 || query.limit() > ListRefunds.LIMIT_MAX) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "limit must be from 1 to " + ListRefunds.LIMIT_MAX);
        }
        List<Object> params = new ArrayList<>(List.of(query.merchantId().value(), query.mode().name()));
        String where = "merchant_id = ? AND mode = ?";
        if (query.invoiceId() != null) {
            where += " AND invoice_id = ?";
            params.add(query.invoiceId().value());
        }
        if (query.cursor() != null) {
            KeysetCursor after = KeysetCursor.decode(query.cursor()).orElseThrow(
                    () -> new DomainException(ErrorCode.INVALID_REQUEST, "cursor is not valid"));
            where += " AND (created_at, refund_id) < (?, ?)";
            params.add(Timestamp.from(after.createdAt()));
            params.add(after.id());
        }
        params.add(query.limit() + 1);
        List<RefundView> rows = jdbc.sql("SELECT view::text FROM query.refunds WHERE " + where
                                         + " ORDER BY created_at DESC, refund_id DESC LIMIT ?")
                                    .params(params).query(String.class).list().stream().map(this::read).toList();
        List<RefundView> items = rows.stream().limit(query.limit()).toList();
        String next = null;
        if (rows.size() > query.limit()) {
            RefundView last = items.get(items.size() - 1);
            next = new KeysetCursor(last.createdAt(), last.id()).encode();
        }
        return new RefundPage(items, next);
    }

    /** What the customer's claim link shows: nothing about the merchant's balance or the fee. */
    @QueryHandler
    public Optional<RefundClaimView> handle(FindRefundClaim query) {
        return jdbc.sql("""
                SELECT r.view::text, m.name FROM query.refunds r LEFT JOIN query.merchants m
                    ON m.merchant_id = r.merchant_id
                WHERE r.claim_id = ?""")
                   .param(query.claimId())
                   .query((rs, n) -> {
                       RefundView v = read(rs.getString(1));
                       return new RefundClaimView(v.id(), v.invoiceId(), rs.getString(2), v.chain(),
                                                  v.asset().code(), v.amount(), v.status(), v.address(), v.txHash(),
                                                  v.claimExpiresAt(), v.livemode());
                   })
                   .optional();
    }

    /** An invoice's refunds for its payment page: amounts and where they stand, never a claim link or a fee. */
    @QueryHandler
    public List<RefundClaimView> handle(ListInvoiceRefundsForCustomer query) {
        return jdbc.sql("SELECT view::text FROM query.refunds WHERE invoice_id = ? ORDER BY created_at, refund_id")
                   .param(query.invoiceId().value())
                   .query(String.class).list().stream().map(this::read)
                   .map(v -> new RefundClaimView(v.id(), v.invoiceId(), null, v.chain(), v.asset().code(), v.amount(),
                                                 v.status(), v.address(), v.txHash(), null, v.livemode()))
                   .toList();
    }

    private String write(RefundView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private RefundView read(String text) {
        try {
            return json.readValue(text, RefundView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored refund view is not readable", e);
        }
    }
}
