package dev.tally.command.access;

import dev.tally.command.CommandSideAutoConfiguration;
import dev.tally.kernel.access.ApiKeyOwner;
import dev.tally.kernel.access.FindApiKeyOwner;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.merchant.ApiKeyIssued;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Optional;

/**
 * The table of active API keys by secret hash. Written by a subscribing processor, in the transaction that stores
 * the {@link ApiKeyIssued} event, so a key authenticates as soon as its command returns.
 */
@Component
@ProcessingGroup(CommandSideAutoConfiguration.CREDENTIALS_GROUP)
public class ApiKeyCredentials {
    private final JdbcClient jdbc;

    public ApiKeyCredentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ApiKeyIssued event) {
        jdbc.sql("""
                INSERT INTO command.api_keys (api_key_id, merchant_id, prefix, secret_hash, scopes, issued_at)
                VALUES (:id, :merchant, :prefix, :hash, :scopes, :issuedAt)
                ON CONFLICT (api_key_id) DO NOTHING""")
            .param("id", event.apiKeyId().value())
            .param("merchant", event.merchantId().value())
            .param("prefix", event.prefix())
            .param("hash", event.secretHash())
            .param("scopes", String.join(" ", event.scopes()))
            .param("issuedAt", Timestamp.from(event.issuedAt()))
            .update();
    }

    @QueryHandler
    public Optional<ApiKeyOwner> handle(FindApiKeyOwner query) {
        return jdbc.sql("""
                SELECT api_key_id, merchant_id, scopes FROM command.api_keys
                WHERE secret_hash = :hash AND revoked_at IS NULL""")
                   .param("hash", query.secretHash())
                   .query((rs, n) -> new ApiKeyOwner(MerchantId.of(rs.getString("merchant_id")),
                                                     ApiKeyId.of(rs.getString("api_key_id")),
                                                     Arrays.asList(rs.getString("scopes").split(" "))))
                   .optional();
    }
}
