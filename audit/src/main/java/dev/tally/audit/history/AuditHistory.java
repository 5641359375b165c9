package dev.tally.audit.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tally.audit.AuditAccess;
import dev.tally.audit.StoredEvent;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.mode.Mode;
import dev.tally.platform.security.TallyPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.List;

/** An aggregate's events exactly as stored, for one caller (a merchant sees only its own aggregates). */
@Component
public class AuditHistory {
    /** Only for reading stored JSON into trees; never for writing events. */
    private static final ObjectMapper TREES = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public AuditHistory(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public List<HistoryEvent> events(TallyPrincipal caller, AggregateKind kind, String aggregateId) {
        List<StoredEvent> stored = jdbc.query("SELECT " + StoredEvent.COLUMNS + " FROM " + StoredEvent.TABLE
                                              + " WHERE aggregate_identifier = ? AND type = ? ORDER BY sequence_number",
                                              (rs, n) -> StoredEvent.read(rs), aggregateId, kind.storedType());
        if (stored.isEmpty() || !mayRead(caller, kind, aggregateId, stored)) {
            throw DomainException.notFound(kind.storedType().toLowerCase(java.util.Locale.ROOT) + " " + aggregateId);
        }
        return stored.stream().map(e -> new HistoryEvent(e.sequenceNumber(), e.globalIndex(), e.timeStamp(),
                                                         e.eventIdentifier(), e.payloadType(), e.payloadRevision(),
                                                         tree(e.payload()), tree(e.metaData()))).toList();
    }

    /**
     * Whether the caller may read this aggregate: everything for auditors; for a merchant, its own aggregates of its
     * key's mode (the mode of the event that names the merchant; none, as before modes, is live), and its merchant
     * aggregate with a live key only.
     */
    static boolean mayRead(TallyPrincipal caller, AggregateKind kind, String aggregateId, List<StoredEvent> events) {
        if (AuditAccess.seesEverything(caller)) {
            return true;
        }
        if (caller.merchantId() == null) {
            return false;
        }
        String merchant = caller.merchantId().value();
        if (kind == AggregateKind.MERCHANTS) {
            return merchant.equals(aggregateId) && caller.mode().live();
        }
        for (StoredEvent event : events) {
            JsonNode payload = tree(event.payload());
            JsonNode owner = payload.get("merchantId");
            if (owner != null && owner.isTextual()) {
                Mode mode = Mode.fromCode(payload.path("mode").asText(null)).orElse(Mode.LIVE);
                return merchant.equals(owner.asText()) && mode == caller.mode();
            }
        }
        return false;
    }

    static JsonNode tree(byte[] json) {
        if (json == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return TREES.readTree(json);
        } catch (IOException e) {
            // A stored value that is not JSON (damaged?) is shown as its text rather than hidden.
            return JsonNodeFactory.instance.textNode(new String(json, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
