package dev.tally.watcher.addresses;

import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.watcher.scan.WatchedAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watched deposit addresses in memory, so a scanner checks every transfer of every block without a database
 * round trip. Loaded from {@code watcher.watched_address} when the scanners start, then kept current two ways: the
 * {@link WatchedAddressBook} handler in this process applies each change once its transaction commits, and a
 * periodic refresh reads the rows changed since the last one (with an overlap, and a full reload every hour), so
 * changes written by another process (a watcher deployed apart, or one holding other segments) arrive too.
 * <p>
 * An address is watched for a transfer in a block of time {@code t} when {@code t} is no later than its invoice's
 * expiry + the monitoring window, whatever the invoice's state: money sent to a cancelled or settled invoice still
 * arrives, and the invoice gives it a home (the merchant's unapplied funds). {@code closed_at} of rows written
 * before that rule is kept for the record and no longer shortens a watch.
 * <p>
 * Each watch has its invoice's mode. As a {@link WatchedAddresses} the cache answers for live invoices, those the
 * real chains' scanners report; {@link #forMode forMode(TEST)} is the sandbox scanner's view, which sees only test
 * invoices. So a sandbox transfer can never pay a live invoice, nor a real one a test invoice. Entries stay in memory
 * {@link #CATCH_UP} beyond that, so a scanner catching up on older blocks still judges them by their own time.
 */
@Component
public class WatchedAddressCache implements WatchedAddresses {
    private static final Logger log = LoggerFactory.getLogger(WatchedAddressCache.class);
    /** How long after its watch ends an entry stays in memory, for scanners behind the head. */
    static final Duration CATCH_UP = Duration.ofHours(1);
    /** A refresh re-reads this much before the previous one: writes commit a moment after their change time. */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    static final Duration FULL_RELOAD = Duration.ofHours(1);
    private static final String INVOICE_CREATED = "dev.tally.kernel.invoice.InvoiceCreated";

    /** One invoice's watch over its deposit address. */
    record Watch(String invoiceId, String key, Instant expiresAt, Instant closedAt) {
        Instant watchedUntil(Duration window) {
            return expiresAt.plus(window);
        }
    }

    private final JdbcClient jdbc;
    private final Duration monitoringWindow;
    private final Clock clock;
    private final Map<String, Watch> byAddress = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    /** Every invoice created up to this instant is in memory (see {@link #covers}). */
    private volatile Instant coveredUntil = Instant.MIN;
    private Instant changesSince;
    private Instant loadedAt;

    public WatchedAddressCache(JdbcClient jdbc,
                               @Value("${tally.invoices.monitoring-window:60m}") Duration monitoringWindow,
                               Clock clock) {
        this.jdbc = jdbc;
        this.monitoringWindow = monitoringWindow;
        this.clock = clock;
    }

    @Override
    public boolean isWatched(Chain chain, String address, Instant at) {
        return isWatched(Mode.LIVE, chain, address, at);
    }

    private boolean isWatched(Mode mode, Chain chain, String address, Instant at) {
        Watch watch = byAddress.get(key(mode, chain, address));
        return watch != null && !at.isAfter(watch.watchedUntil(monitoringWindow));
    }

    /** The addresses of one mode's invoices; the view loads the cache when first asked whether it is ready. */
    public WatchedAddresses forMode(Mode mode) {
        WatchedAddressCache cache = this;
        return new WatchedAddresses() {
            @Override
            public boolean isWatched(Chain chain, String address, Instant at) {
                return cache.isWatched(mode, chain, address, at);
            }

            @Override
            public boolean ready() {
                if (!cache.ready()) {
                    cache.refresh();
                }
                return cache.ready();
            }

            @Override
            public boolean covers(Instant blockTime) {
                return cache.covers(blockTime);
            }
        };
    }

    @Override
    public boolean ready() {
        return loaded;
    }

    /**
     * Whether every invoice created up to {@code blockTime} is in memory. Known from the {@code watched-addresses}
     * processor's tokens (whichever process holds its segments): an {@code InvoiceCreated} of the event store that
     * its segment has not processed yet (past the token, or in its gaps) bounds what is covered. Memory is refreshed
     * from the table before it is judged, so what the processor wrote anywhere is here. A payment's block is later
     * than its invoice's creation (the customer learns the address from the answer), so a block is covered once the
     * invoices created up to its time are.
     */
    @Override
    public boolean covers(Instant blockTime) {
        if (blockTime == null || !blockTime.isAfter(coveredUntil)) {
            return true;
        }
        synchronized (this) {
            coveredUntil = coverage();
        }
        return !blockTime.isAfter(coveredUntil);
    }

    private Instant coverage() {
        Instant dbNow = databaseNow();
        List<ProcessorTokens.Position> positions = ProcessorTokens.read(jdbc, WatchedAddressBook.GROUP);
        if (positions.isEmpty()) {
            return Instant.MIN; // not started anywhere yet: nothing is known to be covered
        }
        refresh(); // what the processor wrote up to these positions is committed: bring it into memory
        Instant earliestUnseen = earliest(ProcessorTokens.earliestUnprocessed(jdbc, positions, INVOICE_CREATED),
                                          earliestParked());
        return earliestUnseen == null ? dbNow : earliestUnseen.minusNanos(1);
    }

    /**
     * The time of the earliest invoice creation the address book parked in its dead-letter queue: the processor's
     * token has passed it, but its address is not known, so blocks after it are not covered until it is retried.
     */
    private Instant earliestParked() {
        return jdbc.sql("SELECT min(timestamp) FROM eventstore.dead_letter_entry "
                        + "WHERE processinggroup = :group AND payloadtype = :type")
                   .param("group", WatchedAddressBook.GROUP)
                   .param("type", INVOICE_CREATED)
                   .query(String.class).optional().map(Instant::parse).orElse(null);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /** The comparison form of an address: EVM hex is case-insensitive, Tron base58 is not. */
    static String key(Mode mode, Chain chain, String address) {
        return key(mode, chain.code(), addressKey(address));
    }

    private static String key(Mode mode, String chainCode, String addressKey) {
        return mode.code() + ":" + chainCode + ":" + addressKey;
    }

    static String addressKey(String address) {
        String trimmed = address.trim();
        return trimmed.startsWith("0x") || trimmed.startsWith("0X") ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
    }

    /** Reads every watch that can still matter; the first call makes the cache {@link #ready()}. */
    public synchronized void load() {
        Instant dbNow = databaseNow();
        Instant cutoff = clock.instant().minus(monitoringWindow).minus(CATCH_UP);
        List<Watch> watches = jdbc.sql("SELECT invoice_id, chain, address_key, expires_at, closed_at, mode "
                                       + "FROM watcher.watched_address WHERE expires_at > ?")
                                  .param(Timestamp.from(cutoff))
                                  .query(WatchedAddressCache::watch).list();
        byAddress.clear();
        watches.forEach(this::put);
        changesSince = dbNow;
        loadedAt = dbNow;
        loaded = true;
        log.info("Watching {} deposit address(es)", byAddress.size());
    }

    /** Applies the rows changed since the last refresh (by any process) and forgets watches long over. */
    public synchronized void refresh() {
        if (!loaded || databaseNow().isAfter(loadedAt.plus(FULL_RELOAD))) {
            load();
            return;
        }
        Instant dbNow = databaseNow();
        jdbc.sql("SELECT invoice_id, chain, address_key, expires_at, closed_at, mode FROM watcher.watched_address "
                 + "WHERE changed_at >= ?")
            .param(Timestamp.from(changesSince.minus(OVERLAP)))
            .query(WatchedAddressCache::watch).list()
            .forEach(this::put);
        changesSince = dbNow;
        Instant forgetBefore = clock.instant().minus(CATCH_UP);
        byAddress.values().removeIf(w -> w.watchedUntil(monitoringWindow).isBefore(forgetBefore));
    }

    /** A change this process committed (called by the handler after its transaction). */
    void apply(Watch watch) {
        // A replay brings back invoices long over: they need no place in memory.
        if (loaded && !watch.watchedUntil(monitoringWindow).isBefore(clock.instant().minus(CATCH_UP))) {
            put(watch);
        }
    }

    /** How many addresses are in memory (open or recently closed). */
    public int size() {
        return byAddress.size();
    }

    private void put(Watch watch) {
        // One invoice per address (each is derived fresh); should two ever share one, the later watch wins.
        byAddress.merge(watch.key(), watch, (old, now) -> old.invoiceId().equals(now.invoiceId())
                || !now.watchedUntil(monitoringWindow).isBefore(old.watchedUntil(monitoringWindow)) ? now : old);
    }

    private Instant databaseNow() {
        return jdbc.sql("SELECT clock_timestamp()").query(Timestamp.class).single().toInstant();
    }

    static Watch watch(ResultSet rs, int row) throws SQLException {
        Timestamp closed = rs.getTimestamp("closed_at");
        Chain chain = Chain.fromCode(rs.getString("chain")).orElseThrow();
        Mode mode = Mode.fromCode(rs.getString("mode")).orElseThrow();
        return new Watch(rs.getString("invoice_id"), key(mode, chain.code(), rs.getString("address_key")),
                         rs.getTimestamp("expires_at").toInstant(), closed == null ? null : closed.toInstant());
    }
}
