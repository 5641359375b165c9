package dev.tally.watcher.addresses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.Segment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a streaming processor stands, read from the event store's token table (so it answers for segments held by
 * any process): per segment, the highest global index it has passed and the gaps it has not processed below it. The
 * tokens are Axon's {@code GapAwareTrackingToken}s as the platform's Jackson serializer writes them; a replay's
 * token counts as where the processor stood when it was reset (its table was kept), a merge's as the lower half.
 */
final class ProcessorTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(ProcessorTokens.class);

    private ProcessorTokens() {
    }

    record Position(Segment segment, long index, Set<Long> gaps) {
        boolean processed(long globalIndex) {
            return globalIndex <= index && !gaps.contains(globalIndex);
        }
    }

    /**
     * Every segment's position; empty when the processor has stored no token yet. A segment without a token (it
     * started on an empty event store) or with one of a form not known here has processed nothing (index -1).
     */
    static List<Position> read(JdbcClient jdbc, String processorName) {
        record Row(int segment, byte[] token) {
        }
        List<Row> rows = jdbc.sql("SELECT segment, token FROM eventstore.token_entry WHERE processor_name = ?")
                             .param(processorName)
                             .query((rs, n) -> new Row(rs.getInt(1), rs.getBytes(2))).list();
        int[] ids = rows.stream().mapToInt(Row::segment).toArray();
        List<Position> positions = new ArrayList<>();
        for (Row row : rows) {
            JsonNode token = parse(row.token());
            Set<Long> gaps = new HashSet<>();
            long index = -1;
            if (token != null) {
                token.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
                index = token.get("index").asLong();
            } else if (row.token() != null) {
                log.warn("{} segment {}: a token of a form not known here; counted as having processed nothing",
                         processorName, row.segment());
            }
            positions.add(new Position(Segment.computeSegment(row.segment(), ids), index, gaps));
        }
        return positions;
    }

    /** The time of the earliest event of {@code payloadType} some segment has not processed, or null. */
    static Instant earliestUnprocessed(JdbcClient jdbc, List<Position> positions, String payloadType) {
        long lowest = positions.stream().mapToLong(Position::index).min().orElse(-1);
        Long[] gaps = positions.stream().flatMap(p -> p.gaps().stream()).distinct().toArray(Long[]::new);
        record Candidate(long globalIndex, String aggregateId, Instant at) {
        }
        List<Candidate> candidates = jdbc.sql("""
                SELECT global_index, aggregate_identifier, time_stamp FROM eventstore.domain_event_entry
                WHERE payload_type = :type AND (global_index > :lowest OR global_index = ANY(:gaps))""")
                .param("type", payloadType)
                .param("lowest", lowest)
                .param("gaps", gaps)
                .query((rs, n) -> new Candidate(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3))))
                .list();
        Instant earliest = null;
        for (Candidate candidate : candidates) {
            boolean processed = positions.stream()
                    .filter(p -> p.segment().matches(candidate.aggregateId()))
                    .anyMatch(p -> p.processed(candidate.globalIndex()));
            if (!processed && (earliest == null || candidate.at().isBefore(earliest))) {
                earliest = candidate.at();
            }
        }
        return earliest;
    }

    /** The token's own position: a gap-aware token, the token at reset of a replay, the lower half of a merge. */
    private static JsonNode parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return position(JSON.readTree(bytes));
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode position(JsonNode token) {
        if (token == null || token.isNull()) {
            return null;
        }
        if (token.has("index")) {
            return token;
        }
        if (token.has("tokenAtReset")) {
            return position(token.get("tokenAtReset"));
        }
        if (token.has("lowerSegmentToken")) {
            JsonNode lower = position(token.get("lowerSegmentToken"));
            JsonNode upper = position(token.get("upperSegmentToken"));
            if (lower == null || upper == null) {
                return null;
            }
            return lower.get("index").asLong() <= upper.get("index").asLong() ? lower : upper;
        }
        return null;
    }
}
