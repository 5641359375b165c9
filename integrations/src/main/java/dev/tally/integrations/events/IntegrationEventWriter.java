package dev.tally.integrations.events;

import org.axonframework.config.ProcessingGroup;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;

/**
 * Writes the public integration events into {@code integration.events}, the table the events API lists and webhooks
 * deliver from. Its processor has one segment ({@link IntegrationEventProcessing}), so rows are inserted, and
 * {@code seq} grows, in commit order: a reader paging by {@code seq} never misses a row that commits later.
 * <p>
 * Idempotent: a row whose event id exists is left alone ({@code ON CONFLICT DO NOTHING}), so a retried batch or a
 * replay writes nothing twice and never changes a row (nor its {@code seq}) that integrators may have seen. A reset
 * rebuilds the per-invoice state only; to rewrite bodies after a change of the mapping, delete the rows first
 * (docs/integrations.md).
 */
@Component
@ProcessingGroup(IntegrationEventWriter.GROUP)
public class IntegrationEventWriter extends IntegrationEventHandling {
    public static final String GROUP = "integration-events";

    private final JdbcTemplate jdbc;

    public IntegrationEventWriter(InvoiceStates states, JdbcTemplate jdbc) {
        super(GROUP, states);
        this.jdbc = jdbc;
    }

    @Override
    protected void publish(List<IntegrationEvent> events) {
        // merchant_seq: the merchant's next number. Safe without a lock: this processor is the table's only writer
        // (one segment), and the unique index on (merchant_id, merchant_seq) would refuse a second one.
        jdbc.batchUpdate("INSERT INTO integration.events "
                         + "(event_id, merchant_id, merchant_seq, invoice_id, type, created_at, body) "
                         + "SELECT ?, ?, COALESCE((SELECT max(merchant_seq) FROM integration.events "
                         + "WHERE merchant_id = ?), 0) + 1, ?, ?, ?, ? "
                         + "ON CONFLICT (event_id) DO NOTHING",
                         events.stream().map(e -> new Object[]{e.eventId(), e.merchantId(), e.merchantId(),
                                                               e.invoiceId(), e.type().wireName(),
                                                               Timestamp.from(e.createdAt()), e.body()}).toList());
    }
}
