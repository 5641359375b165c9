package dev.tally.watcher.addresses;

import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.platform.axon.deadletter.DeadLettered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Keeps {@code watcher.watched_address} from the invoice events (a streaming processor of its own, reading the
 * shared event store, so it works in a watcher deployed apart from the command side): an invoice's deposit address
 * is watched from {@code InvoiceCreated} until expiry + the monitoring window, whatever happens to the invoice
 * (cancelled, paid, settled, expired), which the cache judges by time: nothing needs writing after the creation.
 * <p>
 * Replay-safe: a creation seen again leaves the row as it is; a reset keeps the table, so the scanners never lose sight of an address while the events replay.
 */
@Component
@DeadLettered
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
        jdbc.sql("INSERT INTO watcher.watched_address (invoice_id, chain, address, address_key, expires_at, mode) "
                 + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (invoice_id) DO UPDATE SET invoice_id = EXCLUDED.invoice_id "
                 + "RETURNING invoice_id, chain, address_key, expires_at, closed_at, mode")
            .params(event.invoiceId().value(), event.chain().code(), event.depositAddress(),
                    WatchedAddressCache.addressKey(event.depositAddress()), Timestamp.from(event.expiresAt()),
                    event.mode().code())
            .query(WatchedAddressCache::watch).optional()
            .ifPresent(this::afterCommit);
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
