package dev.tally.query.invoice;

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
import dev.tally.platform.axon.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Invoices as their merchant reads them: by id, and listed with filters and keyset paging. */
@Component
@ReadModel
@ProcessingGroup(InvoiceProjection.GROUP)
public class InvoiceProjection {
    public static final String GROUP = "invoice-views";

    private final InvoiceRepository invoices;
    private final PaymentProjection payments;
    private final QueryUpdateEmitter updates;

    public InvoiceProjection(InvoiceRepository invoices, PaymentProjection payments, QueryUpdateEmitter updates) {
        this.invoices = invoices;
        this.payments = payments;
        this.updates = updates;
    }

    @EventHandler
    void on(InvoiceCreated event) {
        publish(invoices.save(InvoiceEntity.of(event)));
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
        InvoiceEntity entity = row(event.invoiceId().value());
        InvoiceStatus next = event.statusAfter(entity.status());
        if (next != entity.status()) {
            entity.moveTo(next, event.detectedAt());
            publish(invoices.save(entity));
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
        invoices.deleteAllInBatch();
    }

    private void move(String invoiceId, InvoiceStatus status, Instant at) {
        InvoiceEntity entity = row(invoiceId);
        entity.moveTo(status, at);
        publish(invoices.save(entity));
    }

    private InvoiceEntity row(String invoiceId) {
        return invoices.findById(invoiceId)
                .orElseThrow(() -> new IllegalStateException("invoice " + invoiceId + " has no created row"));
    }

    private void publish(InvoiceEntity entity) {
        InvoiceView view = entity.toView();
        updates.emit(FindInvoice.class,
                     q -> q.invoiceId().equals(view.id()) && q.merchantId().value().equals(entity.merchantId()), view);
    }

    @QueryHandler
    public Optional<InvoiceView> handle(FindInvoice query) {
        return invoices.findByInvoiceIdAndMerchantId(query.invoiceId().value(), query.merchantId().value())
                       .map(InvoiceEntity::toView)
                       .map(view -> view.withPayments(payments.paymentsOf(view.id())));
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
