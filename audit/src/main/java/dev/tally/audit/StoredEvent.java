package dev.tally.audit;

import java.sql.ResultSet;
import java.sql.SQLException;

/** One row of {@code eventstore.domain_event_entry}, exactly as stored. */
public record StoredEvent(long globalIndex, String eventIdentifier, String aggregateType, String aggregateIdentifier,
                          long sequenceNumber, String payloadType, String payloadRevision, String timeStamp,
                          byte[] payload, byte[] metaData) {

    public static final String COLUMNS = "global_index, event_identifier, type, aggregate_identifier, "
                                         + "sequence_number, payload_type, payload_revision, time_stamp, payload, meta_data";
    public static final String TABLE = "eventstore.domain_event_entry";

    public static StoredEvent read(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong("global_index"), rs.getString("event_identifier"), rs.getString("type"),
                               rs.getString("aggregate_identifier"), rs.getLong("sequence_number"),
                               rs.getString("payload_type"), rs.getString("payload_revision"),
                               rs.getString("time_stamp"), rs.getBytes("payload"), rs.getBytes("meta_data"));
    }

    /** The payload type without its package, e.g. {@code InvoiceCreated}. */
    public String simpleType() {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}
