package dev.tally.query.settlement;

import dev.tally.query.KeysetCursor;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementReversed;
import dev.tally.kernel.settlement.SettlementCreated;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Settlements as their merchant reads them: by id, and listed with filters and keyset paging. */
@Component
// Writes through JPA: a failure surfaces at the batch commit, which a savepoint cannot isolate.
@ReadModel(deadLettered = false)
@ProcessingGroup(SettlementProjection.GROUP)
public class SettlementProjection {
    public static final String GROUP = "settlement-views";

    private final SettlementRepository settlements;
    private final QueryUpdateEmitter updates;

    public SettlementProjection(SettlementRepository settlements, QueryUpdateEmitter updates) {
        this.settlements = settlements;
        this.updates = updates;
    }

    @EventHandler
    void on(SettlementCreated event) {
        if (settlements.existsById(event.settlementId().value())) {
            return; // seen before; never move a settlement back to PENDING
        }
        publish(settlements.save(SettlementEntity.of(event)));
    }

    @EventHandler
    void on(SettlementCompleted event) {
        String id = event.settlementId().value();
        SettlementEntity entity = settlements.findById(id)
                .orElseThrow(() -> new IllegalStateException("settlement " + id + " has no created row"));
        if (entity.complete(event.completedAt())) {
            publish(settlements.save(entity));
        }
    }

    @EventHandler
    void on(SettlementReversed event) {
        String id = event.settlementId().value();
        SettlementEntity entity = settlements.findById(id)
                .orElseThrow(() -> new IllegalStateException("settlement " + id + " has no created row"));
        if (entity.reverse(event.reversedAt())) {
            publish(settlements.save(entity));
        }
    }

    @ResetHandler
    void reset() {
        settlements.deleteAllInBatch();
    }

    private void publish(SettlementEntity entity) {
        SettlementView view = entity.toView();
        updates.emit(FindSettlement.class, q -> q.settlementId().equals(view.id())
                                                && q.merchantId().value().equals(entity.merchantId()), view);
    }

    @QueryHandler
    public Optional<SettlementView> handle(FindSettlement query) {
        return settlements.findBySettlementIdAndMerchantId(query.settlementId().value(), query.merchantId().value())
                          .map(SettlementEntity::toView);
    }

    @QueryHandler
    public SettlementPage handle(ListSettlements query) {
        Optional<KeysetCursor> cursor = Optional.empty();
        if (query.cursor() != null) {
            cursor = Optional.of(KeysetCursor.decode(query.cursor()).orElseThrow(
                    () -> new DomainException(ErrorCode.INVALID_REQUEST, "cursor is not valid")));
        }
        if (query.limit() < 1 || query.limit() > ListSettlements.LIMIT_MAX) {
            throw new DomainException(ErrorCode.INVALID_REQUEST,
                                      "limit must be from 1 to " + ListSettlements.LIMIT_MAX);
        }
        Optional<KeysetCursor> after = cursor;
        Specification<SettlementEntity> filter = (root, q, cb) -> {
            List<Predicate> where = new ArrayList<>();
            where.add(cb.equal(root.get("merchantId"), query.merchantId().value()));
            if (query.invoiceId() != null) {
                where.add(cb.equal(root.get("invoiceId"), query.invoiceId().value()));
            }
            if (query.from() != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("createdAt"), query.from()));
            }
            if (query.to() != null) {
                where.add(cb.lessThan(root.get("createdAt"), query.to()));
            }
            after.ifPresent(c -> where.add(cb.or(
                    cb.lessThan(root.get("createdAt"), c.createdAt()),
                    cb.and(cb.equal(root.get("createdAt"), c.createdAt()),
                           cb.lessThan(root.get("settlementId"), c.id())))));
            return cb.and(where.toArray(Predicate[]::new));
        };
        int limit = query.limit();
        var rows = settlements.findAll(filter, PageRequest.of(0, limit + 1,
                Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("settlementId")))).getContent();
        List<SettlementView> items = rows.stream().limit(limit).map(SettlementEntity::toView).toList();
        String next = null;
        if (rows.size() > limit) {
            SettlementView last = items.get(items.size() - 1);
            next = new KeysetCursor(last.createdAt(), last.id().value()).encode();
        }
        return new SettlementPage(items, next);
    }
}
