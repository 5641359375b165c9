package dev.tally.command.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tally.command.CommandSideProperties;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.platform.security.ApiKeys;
import dev.tally.platform.web.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Idempotency keys, per merchant and mode. A request with a key first claims (merchant, mode, key) with the hash of
 * its body and the id of what it will create; the claim is a row insert, so exactly one of any number of concurrent requests wins. The winner runs
 * and stores its response; a later request with the same key and body gets that response again, one with another
 * body a 422, and one that arrives while the winner still runs a 409. A claim whose request died without an answer
 * (after {@code tally.idempotency.abandoned-after}) is taken over by the next request with the same body, with the
 * same resource id: if the dead request's command had committed, the retry finds what it created instead of
 * creating a second one. Keys expire after {@code tally.idempotency.retention}.
 */
@Component
public class IdempotencyKeys {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CommandSideProperties.Idempotency settings;
    private final ObjectMapper canonical = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    public IdempotencyKeys(JdbcClient jdbc, Clock clock, CommandSideProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = properties.getIdempotency();
    }

    /** A stored (or fresh) response: HTTP status and JSON body. */
    public record Response(int status, String body, boolean replayed) {
    }

    /**
     * Runs {@code action} at most once per (merchant, mode, key), with the id of the resource it creates: a fresh one from
     * {@code newResourceId}, or the one of an abandoned claim it takes over. Without a key it simply runs.
     *
     * @param request the parsed request; its canonical JSON is what "the same body" means
     */
    public Response execute(MerchantId merchant, Mode mode, String key, Object request, Supplier<String> newResourceId,
                            Function<Claim, Response> action) {
        if (key == null) {
            return action.apply(new Claim(newResourceId.get(), false));
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidRequestException("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
        }
        String requestHash = ApiKeys.sha256Hex(canonicalJson(request));
        ClaimOrReplay outcome = claimOrReplay(merchant, mode, key, requestHash, newResourceId);
        if (outcome.replay() != null) {
            return outcome.replay();
        }
        Response response;
        try {
            response = action.apply(outcome.claim());
        } catch (RuntimeException e) {
            release(merchant, mode, key, outcome.claim().token());
            throw e;
        }
        jdbc.sql("""
                UPDATE command.idempotency_keys SET response_status = :status, response_body = :body
                WHERE merchant_id = :merchant AND mode = :mode AND idempotency_key = :key AND claim_token = :token""")
            .param("status", response.status()).param("body", response.body())
            .param("merchant", merchant.value()).param("mode", mode.code()).param("key", key).param("token", outcome.claim().token())
            .update();
        return response;
    }

    /**
     * The id the claimed request creates its resource with; {@code resumed} when it took over the claim of a request
     * that died without an answer (which may have created the resource already).
     */
    public record Claim(String resourceId, boolean resumed, String token) {
        Claim(String resourceId, boolean resumed) {
            this(resourceId, resumed, null);
        }
    }

    private record ClaimOrReplay(Claim claim, Response replay) {
    }

    private ClaimOrReplay claimOrReplay(MerchantId merchant, Mode mode, String key, String requestHash,
                                        Supplier<String> newResourceId) {
        Instant now = clock.instant();
        // Forget the key when it expired.
        jdbc.sql("""
                DELETE FROM command.idempotency_keys
                WHERE merchant_id = :merchant AND mode = :mode AND idempotency_key = :key AND expires_at <= :now""")
            .param("merchant", merchant.value()).param("mode", mode.code()).param("key", key)
            .param("now", Timestamp.from(now))
            .update();
        // Take over the claim of a request that died without an answer, keeping the id it created with.
        String resourceId = newResourceId.get();
        String token = UUID.randomUUID().toString();
        Optional<String> resumed = jdbc.sql("""
                UPDATE command.idempotency_keys SET claimed_at = :now, claim_token = :token,
                    resource_id = COALESCE(resource_id, :resource)
                WHERE merchant_id = :merchant AND mode = :mode AND idempotency_key = :key AND request_hash = :hash
                  AND response_status IS NULL AND claimed_at <= :abandoned
                RETURNING resource_id""")
                                       .param("merchant", merchant.value()).param("mode", mode.code()).param("key", key)
                                       .param("hash", requestHash)
                                       .param("resource", resourceId)
                                       .param("token", token)
                                       .param("now", Timestamp.from(now))
                                       .param("abandoned", Timestamp.from(now.minus(settings.getAbandonedAfter())))
                                       .query(String.class).optional();
        if (resumed.isPresent()) {
            return new ClaimOrReplay(new Claim(resumed.get(), true, token), null);
        }
        int claimed = jdbc.sql("""
                INSERT INTO command.idempotency_keys
                    (merchant_id, mode, idempotency_key, request_hash, claimed_at, expires_at, resource_id,
                     claim_token)
                VALUES (:merchant, :mode, :key, :hash, :now, :expires, :resource, :token)
                ON CONFLICT (merchant_id, mode, idempotency_key) DO NOTHING""")
                          .param("merchant", merchant.value()).param("mode", mode.code()).param("key", key).param("hash", requestHash)
                          .param("now", Timestamp.from(now))
                          .param("expires", Timestamp.from(now.plus(settings.getRetention())))
                          .param("resource", resourceId)
                          .param("token", token)
                          .update();
        if (claimed == 1) {
            return new ClaimOrReplay(new Claim(resourceId, false, token), null);
        }
        record Stored(String hash, Integer status, String body) {
        }
        Optional<Stored> stored = jdbc.sql("""
                SELECT request_hash, response_status, response_body FROM command.idempotency_keys
                WHERE merchant_id = :merchant AND mode = :mode AND idempotency_key = :key""")
                                      .param("merchant", merchant.value()).param("mode", mode.code()).param("key", key)
                                      .query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2),
                                                                   rs.getString(3)))
                                      .optional();
        if (stored.isEmpty()) {
            // The holder released it between our insert and select: the caller may simply retry.
            throw new DomainException(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                    "a request with this Idempotency-Key was just in progress; retry");
        }
        if (!stored.get().hash().equals(requestHash)) {
            throw new DomainException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used with a different request body; use a new key for a new request");
        }
        if (stored.get().status() == null) {
            throw new DomainException(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                    "a request with this Idempotency-Key is still in progress; retry shortly");
        }
        return new ClaimOrReplay(null, new Response(stored.get().status(), stored.get().body(), true));
    }

    private void release(MerchantId merchant, Mode mode, String key, String token) {
        jdbc.sql("DELETE FROM command.idempotency_keys WHERE merchant_id = :merchant AND mode = :mode "
                 + "AND idempotency_key = :key "
                 + "AND response_status IS NULL AND claim_token = :token")
            .param("merchant", merchant.value()).param("mode", mode.code()).param("key", key).param("token", token)
            .update();
    }

    /**
     * The HTTP answer of a (fresh or replayed) response that created a resource: its status and JSON body type,
     * {@code Idempotent-Replayed: true} when replayed, and {@code Location} at {@code pathPrefix} + the body's
     * {@code id}. The caller adds its own headers and the body.
     */
    public static ResponseEntity.BodyBuilder httpAnswer(Response response, String pathPrefix, ObjectMapper json) {
        var builder = ResponseEntity.status(response.status()).contentType(MediaType.APPLICATION_JSON);
        if (response.replayed()) {
            builder.header("Idempotent-Replayed", "true");
        }
        try {
            builder.header(HttpHeaders.LOCATION, pathPrefix + json.readTree(response.body()).path("id").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored response is not JSON", e);
        }
        return builder;
    }

    /** Removes expired keys; run periodically. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM command.idempotency_keys WHERE expires_at <= :now")
                   .param("now", Timestamp.from(clock.instant())).update();
    }

    private String canonicalJson(Object request) {
        try {
            return canonical.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request cannot be hashed", e);
        }
    }
}
