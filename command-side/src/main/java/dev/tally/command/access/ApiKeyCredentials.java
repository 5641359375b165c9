package dev.tally.command.access;

import dev.tally.command.CommandSideAutoConfiguration;
import dev.tally.kernel.access.ApiKeyRole;
import dev.tally.kernel.access.AuditorKeyIssued;
import dev.tally.kernel.access.AuditorKeyRevoked;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.merchant.ApiKeyIssued;
import dev.tally.kernel.merchant.ApiKeyRevoked;
import dev.tally.kernel.mode.Mode;
import dev.tally.platform.security.CredentialsTable;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The table of API keys by secret hash, merchant and auditor keys alike. Written by a subscribing processor, in the
 * transaction that stores the events, so a key authenticates as soon as its command returns and stops as soon as
 * its revocation returns. Every service authenticates by reading it (the platform's {@code CredentialsTable}).
 */
@Component
@ProcessingGroup(CommandSideAutoConfiguration.CREDENTIALS_GROUP)
public class ApiKeyCredentials {
    private static final String COLUMNS =
            "api_key_id, merchant_id, role, name, prefix, scopes, issued_at, revoked_at";

    private final JdbcClient jdbc;

    public ApiKeyCredentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored key as lists show it: never the secret or its hash. */
    public record StoredKey(ApiKeyId id, ApiKeyRole role, MerchantId merchantId, String name, String prefix,
                            List<String> scopes, Instant issuedAt, Instant revokedAt) {
    }

    @EventHandler
    void on(ApiKeyIssued event) {
        insert(event.apiKeyId(), event.merchantId(), ApiKeyRole.MERCHANT, event.name(), event.prefix(),
               event.secretHash(), event.scopes(), event.issuedAt());
    }

    @EventHandler
    void on(AuditorKeyIssued event) {
        insert(event.apiKeyId(), null, ApiKeyRole.AUDITOR, event.name(), event.prefix(), event.secretHash(),
               event.scopes(), event.issuedAt());
    }

    @EventHandler
    void on(ApiKeyRevoked event) {
        revoke(event.apiKeyId(), event.revokedAt());
    }

    @EventHandler
    void on(AuditorKeyRevoked event) {
        revoke(event.apiKeyId(), event.revokedAt());
    }

    private void insert(ApiKeyId id, MerchantId merchantId, ApiKeyRole role, String name, String prefix,
                        String secretHash, List<String> scopes, Instant issuedAt) {
        jdbc.sql("""
                INSERT INTO command.api_keys (api_key_id, merchant_id, role, name, prefix, secret_hash, scopes, issued_at)
                VALUES (:id, :merchant, :role, :name, :prefix, :hash, :scopes, :issuedAt)
                ON CONFLICT (api_key_id) DO NOTHING""")
            .param("id", id.value())
            .param("merchant", merchantId == null ? null : merchantId.value())
            .param("role", role.name())
            .param("name", name)
            .param("prefix", prefix)
            .param("hash", secretHash)
            .param("scopes", CredentialsTable.stored(scopes))
            .param("issuedAt", Timestamp.from(issuedAt))
            .update();
    }

    private void revoke(ApiKeyId id, Instant revokedAt) {
        jdbc.sql("UPDATE command.api_keys SET revoked_at = :at WHERE api_key_id = :id AND revoked_at IS NULL")
            .param("at", Timestamp.from(revokedAt))
            .param("id", id.value())
            .update();
    }

    public Optional<StoredKey> find(ApiKeyId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM command.api_keys WHERE api_key_id = :id")
                   .param("id", id.value())
                   .query(STORED_KEY)
                   .optional();
    }

    /**
     * Keys newest first, after the keyset position {@code (afterIssuedAt, afterId)} when given. {@code merchantId}
     * and {@code role} filter when not null.
     */
    public List<StoredKey> list(MerchantId merchantId, Mode mode, ApiKeyRole role, Instant afterIssuedAt,
                                String afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM command.api_keys WHERE true");
        if (merchantId != null) {
            sql.append(" AND merchant_id = :merchant");
        }
        if (mode != null) {
            // The mode is the secret's prefix, kept in the shown prefix.
            sql.append(mode == Mode.TEST ? " AND " : " AND NOT ").append("starts_with(prefix, :testPrefix)");
        }
        if (role != null) {
            sql.append(" AND role = :role");
        }
        if (afterIssuedAt != null) {
            sql.append(" AND (issued_at, api_key_id) < (:afterAt, :afterId)");
        }
        sql.append(" ORDER BY issued_at DESC, api_key_id DESC LIMIT :limit");
        var statement = jdbc.sql(sql.toString()).param("limit", limit);
        if (merchantId != null) {
            statement = statement.param("merchant", merchantId.value());
        }
        if (role != null) {
            statement = statement.param("role", role.name());
        }
        if (mode != null) {
            statement = statement.param("testPrefix", Mode.TEST.apiKeyPrefix());
        }
        if (afterIssuedAt != null) {
            statement = statement.param("afterAt", Timestamp.from(afterIssuedAt)).param("afterId", afterId);
        }
        return statement.query(STORED_KEY).list();
    }

    private static final RowMapper<StoredKey> STORED_KEY = (rs, n) -> {
        String merchant = rs.getString("merchant_id");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new StoredKey(ApiKeyId.of(rs.getString("api_key_id")), ApiKeyRole.valueOf(rs.getString("role")),
                             merchant == null ? null : MerchantId.of(merchant), rs.getString("name"),
                             rs.getString("prefix"), CredentialsTable.scopes(rs.getString("scopes")),
                             rs.getTimestamp("issued_at").toInstant(), revoked == null ? null : revoked.toInstant());
    };

}
