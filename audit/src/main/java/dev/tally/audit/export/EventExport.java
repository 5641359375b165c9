package dev.tally.audit.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tally.audit.AuditProperties;
import dev.tally.audit.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the global event stream, in global index order, to an output stream: a JDBC cursor ({@code fetch size}
 * rows per round trip, inside a read-only transaction, which PostgreSQL needs for a cursor) and one row in memory
 * at a time, written as it is read. Payload and metadata are written exactly as stored (JSON).
 */
@Component
public class EventExport {
    public enum Format { NDJSON, CSV }

    /** What to export; null bounds are open. Both index and instant bounds are inclusive. */
    public record Filter(Long fromIndex, Long toIndex, Instant from, Instant to, String type) {
    }

    static final String CSV_HEADER = "global_index,timestamp,aggregate_type,aggregate_id,sequence_number,event_id,"
                                     + "type,revision,payload,metadata\r\n";

    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;
    private final JsonFactory json = new JsonFactory();

    public EventExport(DataSource dataSource, PlatformTransactionManager transactionManager, AuditProperties properties) {
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(properties.getFetchSize());
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    public void write(Filter filter, Format format, OutputStream out) {
        StringBuilder sql = new StringBuilder("SELECT ").append(StoredEvent.COLUMNS).append(" FROM ")
                .append(StoredEvent.TABLE).append(" WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (filter.fromIndex() != null) {
            sql.append(" AND global_index >= ?");
            args.add(filter.fromIndex());
        }
        if (filter.toIndex() != null) {
            sql.append(" AND global_index <= ?");
            args.add(filter.toIndex());
        }
        if (filter.type() != null) {
            // the full class name, or its simple name
            sql.append(" AND (payload_type = ? OR payload_type LIKE ?)");
            args.add(filter.type());
            args.add("%." + filter.type().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
        }
        sql.append(" ORDER BY global_index");
        readOnly.executeWithoutResult(status -> {
            try {
                if (format == Format.CSV) {
                    writeCsv(sql.toString(), args, filter, out);
                } else {
                    writeNdjson(sql.toString(), args, filter, out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeNdjson(String sql, List<Object> args, Filter filter, OutputStream out) throws IOException {
        JsonGenerator generator = json.createGenerator(out, JsonEncoding.UTF8);
        generator.setRootValueSeparator(null);
        cursor.query(sql, rs -> {
            StoredEvent event = StoredEvent.read(rs);
            if (!inTimeRange(event, filter)) {
                return;
            }
            try {
                generator.writeStartObject();
                generator.writeNumberField("globalIndex", event.globalIndex());
                generator.writeStringField("timestamp", event.timeStamp());
                generator.writeStringField("aggregateType", event.aggregateType());
                generator.writeStringField("aggregateId", event.aggregateIdentifier());
                generator.writeNumberField("sequenceNumber", event.sequenceNumber());
                generator.writeStringField("eventId", event.eventIdentifier());
                generator.writeStringField("type", event.payloadType());
                generator.writeStringField("revision", event.payloadRevision());
                generator.writeFieldName("payload");
                generator.writeRawValue(new String(event.payload(), StandardCharsets.UTF_8));
                generator.writeFieldName("metadata");
                if (event.metaData() == null) {
                    generator.writeNull();
                } else {
                    generator.writeRawValue(new String(event.metaData(), StandardCharsets.UTF_8));
                }
                generator.writeEndObject();
                generator.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, args.toArray());
        generator.flush();
    }

    private void writeCsv(String sql, List<Object> args, Filter filter, OutputStream out) throws IOException {
        Writer writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        writer.write(CSV_HEADER);
        cursor.query(sql, rs -> {
            StoredEvent event = StoredEvent.read(rs);
            if (!inTimeRange(event, filter)) {
                return;
            }
            try {
                writer.write(Long.toString(event.globalIndex()));
                writer.write(',');
                writer.write(csv(event.timeStamp()));
                writer.write(',');
                writer.write(csv(event.aggregateType()));
                writer.write(',');
                writer.write(csv(event.aggregateIdentifier()));
                writer.write(',');
                writer.write(Long.toString(event.sequenceNumber()));
                writer.write(',');
                writer.write(csv(event.eventIdentifier()));
                writer.write(',');
                writer.write(csv(event.payloadType()));
                writer.write(',');
                writer.write(csv(event.payloadRevision()));
                writer.write(',');
                writer.write(csv(new String(event.payload(), StandardCharsets.UTF_8)));
                writer.write(',');
                writer.write(csv(event.metaData() == null ? null : new String(event.metaData(), StandardCharsets.UTF_8)));
                writer.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, args.toArray());
        writer.flush();
    }

    private static boolean inTimeRange(StoredEvent event, Filter filter) {
        if (filter.from() == null && filter.to() == null) {
            return true;
        }
        Instant at = Instant.parse(event.timeStamp());
        return (filter.from() == null || !at.isBefore(filter.from())) && (filter.to() == null || !at.isAfter(filter.to()));
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
