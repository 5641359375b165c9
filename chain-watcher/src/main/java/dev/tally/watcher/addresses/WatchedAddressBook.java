package dev.tally.watcher.addresses;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceSettled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps {@code watcher.watched_address} from the invoice events (a streaming processor of its own, reading the
 * shared event store, so it works in a watcher deployed apart from the command side): an invoice's deposit address
 * is watched from {@code InvoiceCreated}; {@code InvoiceCancelled} and {@code InvoiceSettled} close it. An expired
 * invoice stays watched until expiry + the monitoring window (a late payment can still become PAID_LATE), which the
 * cache judges by time; nothing needs writing on {@code InvoiceExpired}.
 * <p>
 * Replay-safe: a creation seen again leaves the row (and its closing) as it is, a closing seen again keeps the first
 * closing; a reset keeps the table, so the scanners never lose sight of an address while the events replay.
 */
@Component
@ProcessingGroup(WatchedAddressBook.GROUP)
public class WatchedAddressBook {
    /** The processing group (and pooled streaming processor) name; its tokens are in the event store's token table. */
    public static final String GROUP = "watched-addresses";

    private final JdbcClient jdbc;
    private final WatchedAddressCache cache;

    public WatchedAddressBook(JdbcClient jdbc, WatchedAddressCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    @EventHandler
    void on(InvoiceCreated event) {
        // ON CONFLICT DO UPDATE (to itself) so that RETURNING gives the stored row on a replay too.
        jdbc.sql("INSERT INTO watcher.watched_address (invoice_id, chain, address, address_key, expires_at) "
                 + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (invoice_id) DO UPDATE SET invoice_id = EXCLUDED.invoice_id "
                 + "RETURNING invoice_id, chain, address_key, expires_at, closed_at")
            .params(event.invoiceId().value(), event.chain().code(), event.depositAddress(),
                    WatchedAddressCache.addressKey(event.depositAddress()), Timestamp.from(event.expiresAt()))
            .query(WatchedAddressCache::watch).optional()
            .ifPresent(this::afterCommit);
    }

    @EventHandler
    void on(InvoiceCancelled event) {
        close(event.invoiceId(), event.cancelledAt(), "CANCELLED").ifPresent(this::afterCommit);
    }

    @EventHandler
    void on(InvoiceSettled event) {
        close(event.invoiceId(), event.settledAt(), "SETTLED").ifPresent(this::afterCommit);
    }

    /** The first closing stays (a replay changes nothing); returns the row as it is now. */
    private Optional<WatchedAddressCache.Watch> close(InvoiceId invoice, Instant at, String reason) {
        jdbc.sql("UPDATE watcher.watched_address SET closed_at = ?, closed_reason = ?, changed_at = clock_timestamp() "
                 + "WHERE invoice_id = ? AND closed_at IS NULL")
            .params(Timestamp.from(at), reason, invoice.value())
            .update();
        return jdbc.sql("SELECT invoice_id, chain, address_key, expires_at, closed_at FROM watcher.watched_address "
                        + "WHERE invoice_id = ?")
                   .param(invoice.value())
                   .query(WatchedAddressCache::watch).optional();
    }

    /** Memory follows the table only once the table change is durable. */
    private void afterCommit(WatchedAddressCache.Watch watch) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> cache.apply(watch));
        } else {
            cache.apply(watch);
        }
    }
}
