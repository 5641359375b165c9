package dev.tally.query.settlement;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import dev.tally.kernel.settlement.SettlementReversed;
import dev.tally.platform.axon.ReadModel;
import dev.tally.platform.axon.Subscribers;
import dev.tally.query.KeysetCursor;
import jakarta.persistence.criteria.Predicate;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Settlements as their merchant reads them: by id, and listed with filters and keyset paging. */
@Component
@ReadModel
@ProcessingGroup(SettlementProjection.GROUP)
public class SettlementProjection {
    public static final String GROUP = "settlement-views";

    private static final String COLUMNS = "settlement_id, invoice_id, merchant_id, asset, gross_base_units, "
                                          + "fee_base_units, net_base_units, fee_basis_points, fee_scale, status, "
                                          + "created_at, completed_at, mode";

    private final SettlementRepository settlements;
    private final JdbcClient jdbc;
    private final QueryUpdateEmitter updates;

    public SettlementProjection(SettlementRepository settlements, JdbcClient jdbc, QueryUpdateEmitter updates) {
        this.settlements = settlements;
        this.jdbc = jdbc;
        this.updates = updates;
    }

    // Handlers write through JDBC, so a row the database refuses fails inside its handler and parks its settlement
    // alone; the queries below read through JPA.

    @EventHandler
    void on(SettlementCreated event) {
        // Seen before: never move a settlement back to PENDING.
        int inserted = jdbc.sql("INSERT INTO query.settlements (" + COLUMNS + ") "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) "
                                + "ON CONFLICT (settlement_id) DO NOTHING")
                           .params(event.settlementId().value(), event.invoiceId().value(),
                                   event.merchantId().value(), event.gross().asset().name(),
                                   event.gross().baseUnits(), event.fee().baseUnits(), event.net().baseUnits(),
                                   event.feeBasisPoints(), event.feeScale(), SettlementStatus.PENDING.name(),
                                   timestamp(event.createdAt()), event.mode().name())
                           .update();
        if (inserted == 1) {
            publish(event.settlementId().value());
        }
    }

    @EventHandler
    void on(SettlementCompleted event) {
        String id = event.settlementId().value();
        int changed = jdbc.sql("UPDATE query.settlements SET status = 'COMPLETED', completed_at = ? "
                               + "WHERE settlement_id = ? AND status <> 'COMPLETED'")
                          .params(timestamp(event.completedAt()), id).update();
        changed(id, changed);
    }

    @EventHandler
    void on(SettlementReversed event) {
        String id = event.settlementId().value();
        int changed = jdbc.sql("UPDATE query.settlements SET status = 'REVERSED' "
                               + "WHERE settlement_id = ? AND status <> 'REVERSED'")
                          .params(id).update();
        changed(id, changed);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.settlements").update();
    }

    /** Publishes a changed row; a change seen twice changes nothing, a settlement never created is a failure. */
    private void changed(String id, int rows) {
        if (rows == 1) {
            publish(id);
        } else if (jdbc.sql("SELECT count(*) FROM query.settlements WHERE settlement_id = ?").param(id)
                       .query(Long.class).single() == 0) {
            throw new IllegalStateException("settlement " + id + " has no created row");
        }
    }

    /** Sends the settlement's new view to whoever follows it; reads it only if someone does. */
    private void publish(String id) {
        if (!Subscribers.any(updates, FindSettlement.class, q -> q.settlementId().value().equals(id))) {
            return;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM query.settlements WHERE settlement_id = ?").param(id)
            .query((rs, n) -> new Row(rs.getString("merchant_id"), SettlementEntity.view(
                    rs.getString("settlement_id"), rs.getString("invoice_id"), Asset.valueOf(rs.getString("asset")),
                    rs.getLong("gross_base_units"), rs.getLong("fee_base_units"), rs.getLong("net_base_units"),
                    rs.getInt("fee_basis_points"), SettlementStatus.valueOf(rs.getString("status")),
                    instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("completed_at")),
                    Mode.valueOf(rs.getString("mode")))))
            .optional()
            .ifPresent(row -> updates.emit(FindSettlement.class,
                                           q -> q.settlementId().equals(row.view().id())
                                                && q.merchantId().value().equals(row.merchantId())
                                                && q.mode() == row.view().mode(), row.view()));
    }

    private record Row(String merchantId, SettlementView view) {
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at.truncatedTo(ChronoUnit.MICROS));
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    @QueryHandler
    public Optional<SettlementView> handle(FindSettlement query) {
        return settlements.findBySettlementIdAndMerchantIdAndMode(query.settlementId().value(),
                                                                  query.merchantId().value(), query.mode())
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
            where.add(cb.equal(root.get("mode"), query.mode()));
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
