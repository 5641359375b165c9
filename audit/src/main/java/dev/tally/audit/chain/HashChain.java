package dev.tally.audit.chain;

import dev.tally.audit.AuditProperties;
import dev.tally.audit.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the hash chain current: reads new rows of the event store in global index order and links each to the one
 * before. A missing index is waited for ({@code tally.audit.gap-timeout}): its transaction may still commit. After
 * that it is linked past, and the link records what it follows, so an event that appears there later is caught by
 * {@link #verify}. One linker at a time, by a transaction-scoped advisory lock.
 */
@Component
public class HashChain {
    private static final Logger log = LoggerFactory.getLogger(HashChain.class);
    private static final long LINKER_LOCK = 0x7461_6c6c_7961_7564L; // "tallyaud"
    static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;
    private final JdbcTemplate cursor;
    private final TransactionTemplate transactions;
    private final TransactionTemplate readOnly;
    private final AuditProperties properties;
    private final Clock clock;

    /** The lowest missing index the linker is waiting for, and since when. */
    private long waitingFor = -1;
    private Instant waitingSince;

    public HashChain(DataSource dataSource, PlatformTransactionManager transactionManager, AuditProperties properties,
                     Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(properties.getFetchSize());
        this.transactions = new TransactionTemplate(transactionManager);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.properties = properties;
        this.clock = clock;
    }

    /** The newest link, if any event is linked yet. */
    public Optional<ChainLink> head() {
        return jdbc.query("SELECT global_index, previous_index, digest FROM audit.hash_links "
                          + "ORDER BY global_index DESC LIMIT 1", HashChain::link).stream().findFirst();
    }

    public Optional<ChainLink> link(long globalIndex) {
        return jdbc.query("SELECT global_index, previous_index, digest FROM audit.hash_links WHERE global_index = ?",
                          HashChain::link, globalIndex).stream().findFirst();
    }

    /** Links what is ready; returns how many events were linked. Safe to call from several processes. */
    public synchronized int linkPending() {
        Integer linked = transactions.execute(status -> {
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LINKER_LOCK);
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            Optional<ChainLink> head = head();
            long last = head.map(ChainLink::globalIndex).orElse(0L);
            byte[] digest = head.map(ChainLink::digest).orElse(EventDigest.GENESIS);
            List<StoredEvent> events = jdbc.query("SELECT " + StoredEvent.COLUMNS + " FROM " + StoredEvent.TABLE
                                                  + " WHERE global_index > ? ORDER BY global_index LIMIT ?",
                                                  (rs, n) -> StoredEvent.read(rs), last,
                                                  properties.getLinkBatchSize());
            int count = 0;
            List<Object[]> rows = new java.util.ArrayList<>();
            for (StoredEvent event : events) {
                if (event.globalIndex() != last + 1 && !gapTimedOut(last + 1)) {
                    break;
                }
                if (event.globalIndex() != last + 1) {
                    log.info("Hash chain: global indexes {}..{} never committed; linking {} after {}", last + 1,
                             event.globalIndex() - 1, event.globalIndex(), last);
                }
                digest = EventDigest.link(digest, event);
                rows.add(new Object[]{event.globalIndex(), last, digest});
                last = event.globalIndex();
                count++;
            }
            if (!rows.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO audit.hash_links (global_index, previous_index, digest) VALUES (?, ?, ?)",
                                 rows);
            }
            return count;
        });
        return linked == null ? 0 : linked;
    }

    private boolean gapTimedOut(long missing) {
        Instant now = clock.instant();
        if (waitingFor != missing) {
            waitingFor = missing;
            waitingSince = now;
        }
        return !now.isBefore(waitingSince.plus(properties.getGapTimeout()));
    }

    /**
     * Re-reads the stored events from {@code fromIndex} to {@code toIndex} (both inclusive, clamped to the linked
     * head) and recomputes each link. The digest before {@code fromIndex} is taken from its stored link: verifying
     * from the start (the default) trusts nothing.
     */
    public VerificationResult verify(Long fromIndex, Long toIndex) {
        long headIndex = head().map(ChainLink::globalIndex).orElse(0L);
        long from = fromIndex == null ? 1 : Math.max(1, fromIndex);
        long to = toIndex == null ? headIndex : Math.min(toIndex, headIndex);
        return readOnly.execute(status -> {
            byte[] start = jdbc.query("SELECT global_index, previous_index, digest FROM audit.hash_links "
                                      + "WHERE global_index < ? ORDER BY global_index DESC LIMIT 1", HashChain::link, from)
                               .stream().findFirst().map(ChainLink::digest).orElse(EventDigest.GENESIS);
            Verification state = new Verification(start);
            if (from <= to) {
                cursor.query("SELECT e.global_index AS event_index, e.event_identifier, e.type, e.aggregate_identifier, "
                             + "e.sequence_number, e.payload_type, e.payload_revision, e.time_stamp, e.payload, "
                             + "e.meta_data, l.global_index AS link_index, l.digest AS link_digest "
                             + "FROM (SELECT * FROM " + StoredEvent.TABLE + " WHERE global_index BETWEEN ? AND ?) e "
                             + "FULL OUTER JOIN (SELECT * FROM audit.hash_links WHERE global_index BETWEEN ? AND ?) l "
                             + "ON e.global_index = l.global_index "
                             + "ORDER BY COALESCE(e.global_index, l.global_index)", rs -> {
                    if (state.broken != null) {
                        return; // the first break is what counts; the rest follows from it
                    }
                    long eventIndex = rs.getLong("event_index");
                    boolean hasEvent = !rs.wasNull();
                    long linkIndex = rs.getLong("link_index");
                    boolean hasLink = !rs.wasNull();
                    byte[] found = rs.getBytes("link_digest");
                    if (!hasEvent) {
                        state.broken = new VerificationResult.BrokenLink(linkIndex, null, HEX.formatHex(found),
                                "the linked event is missing from the event store");
                        return;
                    }
                    if (!hasLink) {
                        state.broken = new VerificationResult.BrokenLink(eventIndex, null, null,
                                "an event is stored where the chain recorded none (written after its index was skipped)");
                        return;
                    }
                    StoredEvent event = new StoredEvent(eventIndex, rs.getString("event_identifier"),
                            rs.getString("type"), rs.getString("aggregate_identifier"), rs.getLong("sequence_number"),
                            rs.getString("payload_type"), rs.getString("payload_revision"), rs.getString("time_stamp"),
                            rs.getBytes("payload"), rs.getBytes("meta_data"));
                    byte[] expected = EventDigest.link(state.digest, event);
                    if (!java.security.MessageDigest.isEqual(expected, found)) {
                        state.broken = new VerificationResult.BrokenLink(eventIndex, HEX.formatHex(expected),
                                HEX.formatHex(found), "the stored event no longer hashes to its link");
                        return;
                    }
                    state.digest = expected;
                    state.checked++;
                }, from, to, from, to);
            }
            return new VerificationResult(state.broken == null, from, to, state.checked,
                                          state.broken == null && state.checked > 0 ? HEX.formatHex(state.digest) : null,
                                          state.broken);
        });
    }

    private static final class Verification {
        byte[] digest;
        long checked;
        VerificationResult.BrokenLink broken;

        Verification(byte[] digest) {
            this.digest = digest;
        }
    }

    private static ChainLink link(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ChainLink(rs.getLong("global_index"), rs.getLong("previous_index"), rs.getBytes("digest"));
    }
}
