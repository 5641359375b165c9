package dev.tally.platform.axon.deadletter;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The dead letters of every processing group: counted for the health endpoint and the metrics, listed for the
 * operator, retried (a whole sequence, in order, through the group's own handlers) and evicted. Reads come from the
 * queue's table; retries and evictions go through Axon's queue, which claims a sequence so that two nodes never
 * process it at once.
 */
public class DeadLetters {
    /** A parked event as the operator sees it. */
    public record Letter(String id, String processingGroup, String sequence, long index, String eventType,
                         String eventId, Instant enqueuedAt, Instant lastTouched, String causeType,
                         String causeMessage) {
    }

    private static final RowMapper<Letter> LETTER = (rs, n) -> new Letter(
            rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
            instant(rs.getString(7)), instant(rs.getString(8)), rs.getString(9), rs.getString(10));
    private static final String COLUMNS = """
            deadletteridentifier, processinggroup, sequenceidentifier, sequenceindex, payloadtype, eventidentifier,
            enqueuedat, lasttouched, causetype, causemessage""";

    private final JdbcClient jdbc;
    private final EventProcessingConfiguration processing;
    private final DeadLetterGroups groups;
    private final Clock clock;
    private final Duration countsFreshFor;
    private final AtomicReference<Counts> counts = new AtomicReference<>();

    private record Counts(Instant at, SortedMap<String, Long> byGroup) {
    }

    /**
     * The table is shared by every service on the database; this one sees, counts and acts on the letters of its
     * own groups only.
     */
    public DeadLetters(JdbcClient jdbc, EventProcessingConfiguration processing, DeadLetterGroups groups, Clock clock,
                       Duration countsFreshFor) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.groups = groups;
        this.clock = clock;
        this.countsFreshFor = countsFreshFor;
    }

    /** Dead letters per processing group (groups without any are absent); cached briefly, for scrapes and probes. */
    public SortedMap<String, Long> countsByGroup() {
        Counts current = counts.get();
        Instant now = clock.instant();
        if (current == null || current.at().plus(countsFreshFor).isBefore(now)) {
            SortedMap<String, Long> byGroup = new TreeMap<>();
            jdbc.sql("SELECT processinggroup, count(*) FROM eventstore.dead_letter_entry GROUP BY processinggroup")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .filter(e -> groups.contains(e.getKey()))
                .forEach(e -> byGroup.put(e.getKey(), e.getValue()));
            current = new Counts(now, byGroup);
            counts.set(current);
        }
        return current.byGroup();
    }

    /** Forgets the cached counts (after a retry or an eviction, so the operator sees the change at once). */
    public void refreshCounts() {
        counts.set(null);
    }

    public List<Letter> list(String group, int limit) {
        return jdbc.sql("""
                SELECT %s FROM eventstore.dead_letter_entry
                WHERE (CAST(:group AS VARCHAR) IS NULL OR processinggroup = :group)
                ORDER BY processinggroup, sequenceidentifier, sequenceindex
                LIMIT :limit""".formatted(COLUMNS))
                   .param("group", group)
                   .param("limit", limit)
                   .query(LETTER)
                   .list()
                   .stream()
                   .filter(letter -> groups.contains(letter.processingGroup()))
                   .toList();
    }

    public Optional<Letter> find(String id) {
        return jdbc.sql("""
                SELECT %s FROM eventstore.dead_letter_entry WHERE deadletteridentifier = :id""".formatted(COLUMNS))
                   .param("id", id)
                   .query(LETTER)
                   .optional()
                   .filter(letter -> groups.contains(letter.processingGroup()));
    }

    /**
     * Processes the letter's whole sequence again, first letter first, through the group's handlers: what succeeds
     * leaves the queue, what fails again stays (with its new cause). Returns whether the sequence was processed
     * (false while another node holds it).
     */
    public boolean retrySequenceOf(Letter letter) {
        String head = jdbc.sql("""
                SELECT eventidentifier FROM eventstore.dead_letter_entry
                WHERE processinggroup = :group AND sequenceidentifier = :sequence
                ORDER BY sequenceindex LIMIT 1""")
                          .param("group", letter.processingGroup()).param("sequence", letter.sequence())
                          .query(String.class).optional().orElse(null);
        if (head == null) {
            return false;
        }
        try {
            return processor(letter.processingGroup())
                    .process(l -> head.equals(l.message().getIdentifier()));
        } finally {
            refreshCounts();
        }
    }

    /**
     * Retries every sequence of a group that was last tried before {@code touchedBefore}, each on its own (one that
     * fails again does not stop the others), at most {@code max} sequences. Returns how many succeeded.
     */
    public int retryGroup(String group, Instant touchedBefore, int max) {
        List<String> heads = jdbc.sql("""
                SELECT eventidentifier FROM (
                    SELECT DISTINCT ON (sequenceidentifier) eventidentifier, lasttouched
                    FROM eventstore.dead_letter_entry WHERE processinggroup = :group
                    ORDER BY sequenceidentifier, sequenceindex) heads
                WHERE lasttouched IS NULL OR lasttouched <= :before
                LIMIT :max""")
                                 .param("group", group)
                                 .param("before", DateTimeUtils.formatInstant(touchedBefore))
                                 .param("max", max)
                                 .query(String.class).list();
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processor(group);
        int processed = 0;
        try {
            for (String head : heads) {
                if (processor.process(l -> head.equals(l.message().getIdentifier()))) {
                    processed++;
                }
            }
        } finally {
            refreshCounts();
        }
        return processed;
    }

    /** Removes one letter for good (the operator decided its event needs no handling). */
    public boolean evict(Letter letter) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(letter.processingGroup())
                .orElseThrow(() -> new IllegalStateException("no dead-letter queue for " + letter.processingGroup()));
        try {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> candidate : sequence) {
                    if (candidate.message().getIdentifier().equals(letter.eventId())) {
                        queue.evict(candidate);
                        return true;
                    }
                }
            }
            return false;
        } finally {
            refreshCounts();
        }
    }

    /** The groups that park failing events, with their counts as of now (zero included). */
    public Map<String, Long> groups(List<String> deadLetteredGroups) {
        Map<String, Long> all = new LinkedHashMap<>();
        refreshCounts();
        SortedMap<String, Long> current = countsByGroup();
        deadLetteredGroups.stream().sorted().forEach(g -> all.put(g, current.getOrDefault(g, 0L)));
        return all;
    }

    private SequencedDeadLetterProcessor<EventMessage<?>> processor(String group) {
        return processing.sequencedDeadLetterProcessor(group)
                         .orElseThrow(() -> new IllegalStateException("no dead-letter queue for " + group));
    }

    private static Instant instant(String stored) {
        return stored == null ? null : Instant.parse(stored);
    }
}
