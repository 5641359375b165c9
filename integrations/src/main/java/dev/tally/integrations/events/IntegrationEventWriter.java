package dev.tally.integrations.events;

import dev.tally.platform.axon.deadletter.DeadLettered;
import org.axonframework.config.ProcessingGroup;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;

/**
 * Writes the public integration events into {@code integration.events}, the table the events API lists and webhooks
 * deliver from, each event by its own handler (a failure parks only its invoice's sequence). Its processor has one
 * segment ({@link IntegrationEventProcessing}), and every writer — that segment, or a retry of parked events — holds
 * a transaction-scoped advisory lock from its first row to its commit, so rows are inserted, and {@code seq} grows,
 * in commit order: a reader paging by {@code seq} never misses a row that commits later.
 * <p>
 * Idempotent: a row whose event id exists is left alone ({@code ON CONFLICT DO NOTHING}), so a retried batch or a
 * replay writes nothing twice and never changes a row (nor its {@code seq}) that integrators may have seen. A reset
 * rebuilds the per-invoice state only; to rewrite bodies after a change of the mapping, delete the rows first
 * (docs/integrations.md).
 */
@Component
@DeadLettered
@ProcessingGroup(IntegrationEventWriter.GROUP)
public class IntegrationEventWriter extends IntegrationEventHandling {
    public static final String GROUP = "integration-events";
    /** The advisory lock of the table's writers ("tallyevt"). */
    private static final long WRITER_LOCK = 0x7461_6c6c_7965_7674L;

    private final JdbcTemplate jdbc;

    public IntegrationEventWriter(InvoiceStates states, JdbcTemplate jdbc) {
        super(GROUP, states, Mode.PER_EVENT);
        this.jdbc = jdbc;
    }

    @Override
    protected void publish(List<IntegrationEvent> events) {
        jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> null, WRITER_LOCK);
        // merchant_seq: the merchant's next number, safe under the writers' lock (and the unique index on
        // (merchant_id, merchant_seq) would refuse a second one).
        jdbc.batchUpdate("INSERT INTO integration.events "
                         + "(event_id, merchant_id, merchant_seq, invoice_id, type, created_at, body, mode) "
                         + "SELECT ?, ?, COALESCE((SELECT max(merchant_seq) FROM integration.events "
                         + "WHERE merchant_id = ?), 0) + 1, ?, ?, ?, ?, ? "
                         + "ON CONFLICT (event_id) DO NOTHING",
                         events.stream().map(e -> new Object[]{e.eventId(), e.merchantId(), e.merchantId(),
                                                               e.invoiceId(), e.type().wireName(),
                                                               Timestamp.from(e.createdAt()), e.body(),
                                                               e.mode().code()}).toList());
    }
}
