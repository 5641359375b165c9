package dev.tally.integrations.webhooks;

import dev.tally.kernel.mode.Mode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The webhook tables (schema {@code integration}), in plain JDBC. Callers own the transactions. */
@Repository
public class WebhookStore {
    private final JdbcTemplate jdbc;

    public WebhookStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---- endpoints and secrets ------------------------------------------------------------------------------------

    /** A merchant's endpoint; it receives the events of its own mode only. */
    public record Endpoint(String id, String merchantId, Mode mode, String url, List<String> eventTypes,
                           boolean enabled, String disabledReason, long fromSeq, Instant createdAt, Instant updatedAt) {
        boolean accepts(String eventType) {
            return eventTypes.isEmpty() || eventTypes.contains(eventType);
        }
    }

    private static final String ENDPOINT_COLUMNS =
            "id, merchant_id, mode, url, event_types, enabled, disabled_reason, from_seq, created_at, updated_at";

    private static final RowMapper<Endpoint> ENDPOINT = (rs, i) -> new Endpoint(
            rs.getString("id"), rs.getString("merchant_id"), Mode.fromCode(rs.getString("mode")).orElseThrow(),
            rs.getString("url"), types(rs.getString("event_types")),
            rs.getBoolean("enabled"), rs.getString("disabled_reason"), rs.getLong("from_seq"),
            instant(rs, "created_at"), instant(rs, "updated_at"));

    /** Serializes endpoint creation per merchant (the cap on endpoints) until the transaction ends. */
    public void lockMerchant(String merchantId) {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext('webhook-endpoints:' || ?))", Object.class,
                            merchantId);
    }

    /** A merchant's endpoints of one mode: each mode has the whole quota, so test endpoints never crowd out live ones. */
    public int countEndpoints(String merchantId, Mode mode) {
        return jdbc.queryForObject("SELECT count(*) FROM integration.webhook_endpoints WHERE merchant_id = ? "
                                   + "AND mode = ?", Integer.class, merchantId, mode.code());
    }

    public void insertEndpoint(Endpoint e) {
        jdbc.update("INSERT INTO integration.webhook_endpoints (" + ENDPOINT_COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) FROM integration.events), ?, ?)",
                    e.id(), e.merchantId(), e.mode().code(), e.url(), String.join(" ", e.eventTypes()), e.enabled(),
                    e.disabledReason(), Timestamp.from(e.createdAt()), Timestamp.from(e.updatedAt()));
    }

    public void updateEndpoint(Endpoint e) {
        jdbc.update("UPDATE integration.webhook_endpoints SET url = ?, event_types = ?, enabled = ?, "
                    + "disabled_reason = ?, updated_at = ? WHERE id = ? AND merchant_id = ? AND mode = ?",
                    e.url(), String.join(" ", e.eventTypes()), e.enabled(), e.disabledReason(),
                    Timestamp.from(e.updatedAt()), e.id(), e.merchantId(), e.mode().code());
    }

    public Optional<Endpoint> findEndpoint(String merchantId, Mode mode, String id) {
        return jdbc.query("SELECT " + ENDPOINT_COLUMNS + " FROM integration.webhook_endpoints "
                          + "WHERE id = ? AND merchant_id = ? AND mode = ?", ENDPOINT, id, merchantId, mode.code())
                   .stream().findFirst();
    }

    public Optional<Endpoint> findEndpoint(String id) {
        return jdbc.query("SELECT " + ENDPOINT_COLUMNS + " FROM integration.webhook_endpoints WHERE id = ?",
                          ENDPOINT, id).stream().findFirst();
    }

    public List<Endpoint> listEndpoints(String merchantId, Mode mode) {
        return jdbc.query("SELECT " + ENDPOINT_COLUMNS + " FROM integration.webhook_endpoints "
                          + "WHERE merchant_id = ? AND mode = ? ORDER BY created_at DESC, id", ENDPOINT, merchantId,
                          mode.code());
    }

    public boolean deleteEndpoint(String merchantId, Mode mode, String id) {
        return jdbc.update("DELETE FROM integration.webhook_endpoints WHERE id = ? AND merchant_id = ? AND mode = ?",
                           id, merchantId, mode.code()) == 1;
    }

    /** Turns an endpoint off on the receiver's word (410 Gone); its pending deliveries wait until it is enabled. */
    public void disableEndpoint(String id, String reason) {
        jdbc.update("UPDATE integration.webhook_endpoints SET enabled = false, disabled_reason = ?, updated_at = now() "
                    + "WHERE id = ?", reason, id);
    }

    public void insertSecret(String endpointId, String secret, Instant createdAt) {
        jdbc.update("INSERT INTO integration.webhook_secrets (endpoint_id, secret, created_at) VALUES (?, ?, ?)",
                    endpointId, secret, Timestamp.from(createdAt));
    }

    /** Rotation: the current secret(s) keep signing until {@code expiresAt}; expired ones are deleted. */
    public void expireCurrentSecrets(String endpointId, Instant expiresAt) {
        jdbc.update("DELETE FROM integration.webhook_secrets WHERE endpoint_id = ? AND expires_at <= now()",
                    endpointId);
        jdbc.update("UPDATE integration.webhook_secrets SET expires_at = ? WHERE endpoint_id = ? "
                    + "AND expires_at IS NULL", Timestamp.from(expiresAt), endpointId);
    }

    /** The secrets that sign now, newest first. */
    public List<String> activeSecrets(String endpointId) {
        return jdbc.queryForList("SELECT secret FROM integration.webhook_secrets WHERE endpoint_id = ? "
                                 + "AND (expires_at IS NULL OR expires_at > now()) ORDER BY created_at DESC, id DESC",
                                 String.class, endpointId);
    }

    // ---- fan-out ------------------------------------------------------------------------------------------------

    public record Event(long seq, String eventId, String merchantId, Mode mode, String type) {
    }

    /** Locks the cursor row (one fan-out at a time across nodes) and returns it; empty if another node holds it. */
    public Optional<Long> lockCursor() {
        return jdbc.query("SELECT last_seq FROM integration.webhook_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED",
                          (rs, i) -> rs.getLong(1)).stream().findFirst();
    }

    public List<Event> eventsAfter(long seq, int limit) {
        return jdbc.query("SELECT seq, event_id, merchant_id, mode, type FROM integration.events WHERE seq > ? "
                          + "ORDER BY seq LIMIT ?",
                          (rs, i) -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3),
                                               Mode.fromCode(rs.getString(4)).orElseThrow(), rs.getString(5)),
                          seq, limit);
    }

    public List<Endpoint> enabledEndpointsOf(List<String> merchantIds) {
        if (merchantIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + ENDPOINT_COLUMNS + " FROM integration.webhook_endpoints "
                          + "WHERE enabled AND merchant_id = ANY (?)", ENDPOINT,
                          (Object) merchantIds.toArray(String[]::new));
    }

    public void advanceCursor(long seq) {
        jdbc.update("UPDATE integration.webhook_cursor SET last_seq = ? WHERE id = 1", seq);
    }

    // ---- deliveries ---------------------------------------------------------------------------------------------

    /** Schedules one delivery now; a second one for the same (endpoint, webhook-id) is ignored. */
    public void insertDelivery(String id, Endpoint endpoint, String webhookId, String eventType, String payload) {
        jdbc.update("INSERT INTO integration.webhook_deliveries (id, endpoint_id, merchant_id, webhook_id, event_type, "
                    + "payload, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', now(), now()) "
                    + "ON CONFLICT (endpoint_id, webhook_id) DO NOTHING",
                    id, endpoint.id(), endpoint.merchantId(), webhookId, eventType, payload);
    }

    /** A delivery claimed for sending: what the sender needs. */
    public record Claimed(String id, String endpointId, String webhookId, int attempts, String body) {
    }

    /** The advisory lock that serializes claim rounds across senders and nodes. */
    private static final long CLAIM_LOCK = 0x7461_6c6c_7977_6863L; // "tallywhc"

    /**
     * Claims due deliveries of enabled endpoints for {@code lease}: other senders skip them until it lapses (a sender
     * that died mid-send thus lets its deliveries be sent again, with the same webhook-id). At most
     * {@code perEndpoint} per endpoint, and none for an endpoint that already has that many in flight: one slow
     * receiver cannot take every sender. Claim rounds are serialized (a transaction-scoped advisory lock, taken before
     * the claim's own statement so that it sees every claim committed before it): two senders counting an endpoint's
     * deliveries in flight at once would each claim up to the cap. Must run in a transaction.
     */
    public List<Claimed> claimDue(int limit, int perEndpoint, Duration lease) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", CLAIM_LOCK);
        return jdbc.query("""
                UPDATE integration.webhook_deliveries d
                   SET locked_until = now() + ? * interval '1 millisecond',
                       retry_from = coalesce(d.retry_from, now())
                 WHERE d.id IN (
                       SELECT due.id
                         FROM integration.webhook_endpoints e
                        CROSS JOIN LATERAL (
                              SELECT c.id, c.next_attempt_at FROM integration.webhook_deliveries c
                               WHERE c.endpoint_id = e.id AND c.status = 'PENDING' AND c.next_attempt_at <= now()
                                 AND (c.locked_until IS NULL OR c.locked_until < now())
                               ORDER BY c.next_attempt_at
                               LIMIT ?
                                 FOR UPDATE OF c SKIP LOCKED) due
                        WHERE e.enabled
                          AND (SELECT count(*) FROM integration.webhook_deliveries f
                                WHERE f.endpoint_id = e.id AND f.status = 'PENDING'
                                  AND f.locked_until >= now()) < ?
                        ORDER BY due.next_attempt_at
                        LIMIT ?)
                RETURNING d.id, d.endpoint_id, d.webhook_id, d.attempts,
                          coalesce(d.payload, (SELECT body FROM integration.events WHERE event_id = d.webhook_id))
                """, (rs, i) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                       rs.getString(5)),
                lease.toMillis(), perEndpoint, perEndpoint, limit);
    }

    public void insertAttempt(String deliveryId, WebhookSender.Attempt attempt) {
        jdbc.update("INSERT INTO integration.webhook_attempts (delivery_id, attempted_at, duration_ms, response_code, "
                    + "response_body, error, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    deliveryId, Timestamp.from(attempt.at()), attempt.durationMs(), attempt.responseCode(),
                    attempt.responseBody(), attempt.error(), attempt.outcome().name());
    }

    /** Records a final outcome: SUCCEEDED or FAILED. */
    public void finish(String deliveryId, String status, WebhookSender.Attempt attempt) {
        jdbc.update("UPDATE integration.webhook_deliveries SET status = ?, attempts = attempts + 1, "
                    + "locked_until = NULL, last_attempt_at = ?, last_response_code = ?, last_response_body = ?, "
                    + "last_error = ? WHERE id = ?",
                    status, Timestamp.from(attempt.at()), attempt.responseCode(), attempt.responseBody(),
                    attempt.error(), deliveryId);
    }

    /** Schedules the next attempt after {@code delay}, or FAILS the delivery once that is past the retry window. */
    public void retryOrGiveUp(String deliveryId, Duration delay, Duration retryFor, WebhookSender.Attempt attempt) {
        jdbc.update("""
                UPDATE integration.webhook_deliveries
                   SET status = CASE WHEN now() + ? * interval '1 millisecond'
                                          > retry_from + ? * interval '1 millisecond'
                                     THEN 'FAILED' ELSE 'PENDING' END,
                       next_attempt_at = now() + ? * interval '1 millisecond',
                       attempts = attempts + 1, locked_until = NULL, last_attempt_at = ?, last_response_code = ?,
                       last_response_body = ?, last_error = ?
                 WHERE id = ?""",
                    delay.toMillis(), retryFor.toMillis(), delay.toMillis(), Timestamp.from(attempt.at()),
                    attempt.responseCode(), attempt.responseBody(), attempt.error(), deliveryId);
    }

    /** Sends a delivery again soon: PENDING, due now, with a fresh retry window; not while a sender holds it. */
    public boolean redeliver(String endpointId, String deliveryId) {
        return jdbc.update("UPDATE integration.webhook_deliveries SET status = 'PENDING', next_attempt_at = now(), "
                           + "retry_from = NULL WHERE id = ? AND endpoint_id = ? "
                           + "AND (locked_until IS NULL OR locked_until < now())", deliveryId, endpointId) == 1;
    }

    // ---- the deliveries log -------------------------------------------------------------------------------------

    public record Delivery(long seq, String id, String endpointId, String webhookId, String eventType, String status,
                           int attempts, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastResponseCode,
                           String lastResponseBody, String lastError, Instant createdAt) {
    }

    private static final String DELIVERY_COLUMNS = "seq, id, endpoint_id, webhook_id, event_type, status, attempts, "
            + "next_attempt_at, last_attempt_at, last_response_code, last_response_body, last_error, created_at";

    private static final RowMapper<Delivery> DELIVERY = (rs, i) -> new Delivery(
            rs.getLong("seq"), rs.getString("id"), rs.getString("endpoint_id"), rs.getString("webhook_id"),
            rs.getString("event_type"), rs.getString("status"), rs.getInt("attempts"),
            instant(rs, "next_attempt_at"), instant(rs, "last_attempt_at"),
            (Integer) rs.getObject("last_response_code"), rs.getString("last_response_body"),
            rs.getString("last_error"), instant(rs, "created_at"));

    public Optional<Delivery> findDelivery(String endpointId, String deliveryId) {
        return jdbc.query("SELECT " + DELIVERY_COLUMNS + " FROM integration.webhook_deliveries "
                          + "WHERE id = ? AND endpoint_id = ?", DELIVERY, deliveryId, endpointId).stream().findFirst();
    }

    /** Newest first; {@code beforeSeq} pages on. */
    public List<Delivery> listDeliveries(String endpointId, String status, Long beforeSeq, int limit) {
        return jdbc.query("SELECT " + DELIVERY_COLUMNS + " FROM integration.webhook_deliveries WHERE endpoint_id = ? "
                          + "AND (?::text IS NULL OR status = ?) AND (?::bigint IS NULL OR seq < ?) "
                          + "ORDER BY seq DESC LIMIT ?", DELIVERY,
                          endpointId, status, status, beforeSeq, beforeSeq, limit);
    }

    public record AttemptRecord(Instant at, long durationMs, Integer responseCode, String responseBody, String error,
                                String outcome) {
    }

    public List<AttemptRecord> attempts(String deliveryId) {
        return jdbc.query("SELECT attempted_at, duration_ms, response_code, response_body, error, outcome "
                          + "FROM integration.webhook_attempts WHERE delivery_id = ? ORDER BY id",
                          (rs, i) -> new AttemptRecord(instant(rs, "attempted_at"), rs.getLong("duration_ms"),
                                                       (Integer) rs.getObject("response_code"),
                                                       rs.getString("response_body"), rs.getString("error"),
                                                       rs.getString("outcome")), deliveryId);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static List<String> types(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.trim().split(" "));
    }
}
