package dev.tally.query.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.springframework.jdbc.core.simple.JdbcClient;
import javax.sql.DataSource;
import java.sql.Timestamp;
import java.util.Map;
import dev.tally.query.KeysetCursor;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.invoice.InvoicePaymentWithdrawn;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.invoice.InvoicePage;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.invoice.ListInvoices;
import dev.tally.query.payment.PaymentProjection;
import jakarta.persistence.criteria.Predicate;
import dev.tally.platform.axon.AggregateCreations;
import dev.tally.platform.axon.ReadModel;
import dev.tally.platform.axon.ReplayWrites;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import dev.tally.query.live.ClusterUpdates;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/** Invoices as their merchant reads them: by id, and listed with filters and keyset paging. */
@Component
@ReadModel
@ProcessingGroup(InvoiceProjection.GROUP)
public class InvoiceProjection {
    public static final String GROUP = "invoice-views";
    /**
     * How long after its creation an invoice this view does not show is answered from its creation event. Longer
     * than any lag of a healthy view; an invoice still missing after that is missing for a reason (its event parked,
     * see docs/operations.md) and is not shown as a PENDING it may no longer be.
     */
    static final Duration CREATION_FALLBACK = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final InvoiceRepository invoices;
    private final PaymentProjection payments;
    private final QueryUpdateEmitter updates;
    private final ClusterUpdates cluster;
    private final JdbcClient jdbc;
    /** The creations' inserts: batched in a rebuild. */
    private final ReplayWrites writes;
    private final EventStore eventStore;

    public InvoiceProjection(InvoiceRepository invoices, PaymentProjection payments, QueryUpdateEmitter updates,
                             JdbcClient jdbc, DataSource dataSource, EventStore eventStore, ClusterUpdates cluster) {
        this.writes = new ReplayWrites(dataSource);
        this.cluster = cluster;
        cluster.topic(FindInvoice.class, ResponseTypes.optionalInstanceOf(InvoiceView.class), answer -> answer);
        this.invoices = invoices;
        this.payments = payments;
        this.updates = updates;
        this.jdbc = jdbc;
        this.eventStore = eventStore;
    }

    // Writes go through JDBC (reads may use JPA): a failed statement then fails in its handler, where its event can
    // be parked, and never marks the batch's whole transaction for rollback as a JPA flush failure would.

    @EventHandler
    void on(InvoiceCreated event) {
        InvoiceView view = InvoiceEntity.of(event).toView();
        Map<String, Object> row = new HashMap<>();
        row.put("id", event.invoiceId().value());
        row.put("merchant", event.merchantId().value());
        row.put("status", InvoiceStatus.PENDING.name());
        row.put("amount", event.amount().baseUnits());
        row.put("asset", event.amount().asset().name());
        row.put("chain", event.chain().name());
        row.put("address", event.depositAddress());
        row.put("confirmations", event.requiredConfirmations());
        row.put("orderId", event.orderId());
        row.put("description", event.description());
        row.put("metadata", json(event.metadata()));
        row.put("createdAt", Timestamp.from(event.createdAt()));
        row.put("expiresAt", Timestamp.from(event.expiresAt()));
        row.put("mode", event.mode().name());
        writes.update("""
                INSERT INTO query.invoices (invoice_id, merchant_id, status, amount_base_units, asset, chain,
                    deposit_address, required_confirmations, order_id, description, metadata, created_at,
                    expires_at, updated_at, mode)
                VALUES (:id, :merchant, :status, :amount, :asset, :chain, :address, :confirmations, :orderId,
                    :description, CAST(:metadata AS JSONB), :createdAt, :expiresAt, :createdAt, :mode)
                ON CONFLICT (invoice_id) DO NOTHING""", row);
        publish(event.merchantId().value(), view);
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
        String invoiceId = event.invoiceId().value();
        writes.flush();
        InvoiceStatus current = jdbc.sql("SELECT status FROM query.invoices WHERE invoice_id = :id")
                                    .param("id", invoiceId)
                                    .query((rs, n) -> InvoiceStatus.valueOf(rs.getString(1)))
                                    .optional()
                                    .orElseThrow(() -> noRow(invoiceId));
        InvoiceStatus next = event.statusAfter(current);
        if (next != current) {
            move(invoiceId, next, event.detectedAt());
        }
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
        move(event.invoiceId().value(), event.statusAfter(), event.confirmedAt());
    }

    @EventHandler
    void on(InvoicePaymentWithdrawn event) {
        move(event.invoiceId().value(), event.statusAfter(), event.at());
    }

    @EventHandler
    void on(InvoiceSettled event) {
        move(event.invoiceId().value(), InvoiceStatus.SETTLED, event.settledAt());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.invoices").update();
    }

    private void move(String invoiceId, InvoiceStatus status, Instant at) {
        record Moved(String merchantId, InvoiceView view) {
        }
        writes.flush();
        Moved moved = jdbc.sql("""
                UPDATE query.invoices SET status = :status, updated_at = :at WHERE invoice_id = :id
                RETURNING invoice_id, merchant_id, status, amount_base_units, asset, chain, deposit_address,
                    required_confirmations, order_id, description, metadata, created_at, expires_at, mode""")
                          .param("status", status.name())
                          .param("at", Timestamp.from(at))
                          .param("id", invoiceId)
                          .query((rs, n) -> {
                              Asset asset = Asset.valueOf(rs.getString(5));
                              return new Moved(rs.getString(2), new InvoiceView(
                                      InvoiceId.of(rs.getString(1)), InvoiceStatus.valueOf(rs.getString(3)),
                                      TokenAmount.ofBaseUnits(asset, rs.getLong(4)).toDecimalString(), asset,
                                      Chain.valueOf(rs.getString(6)), rs.getString(7), rs.getInt(8),
                                      rs.getTimestamp(13).toInstant(), rs.getTimestamp(12).toInstant(),
                                      rs.getString(9), rs.getString(10), metadata(rs.getString(11)), List.of(),
                                      Mode.valueOf(rs.getString(14))));
                          })
                          .optional()
                          .orElseThrow(() -> noRow(invoiceId));
        publish(moved.merchantId(), moved.view());
    }

    private static IllegalStateException noRow(String invoiceId) {
        return new IllegalStateException("invoice " + invoiceId + " has no created row");
    }

    private void publish(String merchantId, InvoiceView view) {
        cluster.changed(new FindInvoice(MerchantId.of(merchantId), view.id(), view.mode()));
        updates.emit(FindInvoice.class,
                     q -> q.invoiceId().equals(view.id()) && q.merchantId().value().equals(merchantId)
                          && q.mode() == view.mode(), view);
    }

    private static String json(Map<String, String> metadata) {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata cannot be written as JSON", e);
        }
    }

    private static Map<String, String> metadata(String json) {
        try {
            return JSON.readValue(json, METADATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON", e);
        }
    }

    /**
     * An invoice by id. One created less than {@link #CREATION_FALLBACK} ago that this view has not reached yet is
     * answered from its creation event, exactly as its creation was answered, so a read right after the create never
     * gets a 404. Not for a subscription: whoever subscribes waits for this view itself (read-your-writes).
     */
    @QueryHandler
    public Optional<InvoiceView> handle(FindInvoice query, QueryMessage<?, ?> message) {
        Optional<InvoiceView> shown = invoices.findByInvoiceIdAndMerchantIdAndMode(query.invoiceId().value(),
                                                                                   query.merchantId().value(),
                                                                                   query.mode())
                                              .map(InvoiceEntity::toView)
                                              .map(view -> view.withPayments(payments.paymentsOf(view.id())));
        if (shown.isPresent() || message instanceof SubscriptionQueryMessage) {
            return shown;
        }
        Instant recent = Instant.now().minus(CREATION_FALLBACK);
        return AggregateCreations.find(eventStore, query.invoiceId().value(), InvoiceCreated.class)
                                 .filter(created -> created.merchantId().equals(query.merchantId())
                                                    && created.mode() == query.mode()
                                                    && created.createdAt().isAfter(recent))
                                 .map(InvoiceView::created);
    }

    @QueryHandler
    public InvoicePage handle(ListInvoices query) {
        Optional<KeysetCursor> after = Optional.empty();
        if (query.cursor() != null) {
            after = Optional.of(KeysetCursor.decode(query.cursor()).orElseThrow(
                    () -> new DomainException(ErrorCode.INVALID_REQUEST, "cursor is not valid")));
        }
        Optional<KeysetCursor> cursor = after;
        Specification<InvoiceEntity> filter = (root, q, cb) -> {
            List<Predicate> where = new ArrayList<>();
            where.add(cb.equal(root.get("merchantId"), query.merchantId().value()));
            where.add(cb.equal(root.get("mode"), query.mode()));
            if (query.status() != null) {
                where.add(cb.equal(root.get("status"), query.status()));
            }
            if (query.orderId() != null) {
                where.add(cb.equal(root.get("orderId"), query.orderId()));
            }
            if (query.createdFrom() != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("createdAt"), query.createdFrom()));
            }
            if (query.createdTo() != null) {
                where.add(cb.lessThan(root.get("createdAt"), query.createdTo()));
            }
            cursor.ifPresent(c -> where.add(cb.or(
                    cb.lessThan(root.get("createdAt"), c.createdAt()),
                    cb.and(cb.equal(root.get("createdAt"), c.createdAt()),
                           cb.lessThan(root.get("invoiceId"), c.id())))));
            return cb.and(where.toArray(Predicate[]::new));
        };
        int limit = query.limit();
        var rows = invoices.findAll(filter, PageRequest.of(0, limit + 1,
                Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("invoiceId")))).getContent();
        List<InvoiceView> items = rows.stream().limit(limit).map(InvoiceEntity::toView)
                                      .map(view -> view.withPayments(payments.paymentsOf(view.id()))).toList();
        String next = null;
        if (rows.size() > limit) {
            InvoiceView last = items.get(items.size() - 1);
            next = new KeysetCursor(last.createdAt(), last.id().value()).encode();
        }
        return new InvoicePage(items, next);
    }
}
