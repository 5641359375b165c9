package dev.tally.integrations.events;

import dev.tally.kernel.mode.Mode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.util.List;
import java.util.Set;

/**
 * Reads a merchant's rows of {@code integration.events} of one mode in the order of the merchant's own numbering
 * ({@code merchant_seq}, shared by both modes: a mode's pages skip the other's numbers).
 */
@Component
public class IntegrationEventLog {
    /** A row as the events API needs it. */
    public record Row(long merchantSeq, String body) {
    }

    private final JdbcTemplate jdbc;

    public IntegrationEventLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} events of {@code merchantId} numbered above {@code afterSeq}, oldest first;
     * only the given types unless {@code types} is empty.
     */
    public List<Row> after(String merchantId, Mode mode, long afterSeq, Set<String> types, int limit) {
        if (types.isEmpty()) {
            return jdbc.query("SELECT merchant_seq, body FROM integration.events WHERE merchant_id = ? AND mode = ? "
                              + "AND merchant_seq > ? ORDER BY merchant_seq LIMIT ?",
                              (rs, i) -> new Row(rs.getLong(1), rs.getString(2)), merchantId, mode.code(), afterSeq,
                              limit);
        }
        return jdbc.query(connection -> {
            Array typeArray = connection.createArrayOf("text", types.toArray());
            var statement = connection.prepareStatement(
                    "SELECT merchant_seq, body FROM integration.events WHERE merchant_id = ? AND mode = ? "
                    + "AND merchant_seq > ? AND type = ANY (?) ORDER BY merchant_seq LIMIT ?");
            statement.setString(1, merchantId);
            statement.setString(2, mode.code());
            statement.setLong(3, afterSeq);
            statement.setArray(4, typeArray);
            statement.setInt(5, limit);
            return statement;
        }, (rs, i) -> new Row(rs.getLong(1), rs.getString(2)));
    }
}
