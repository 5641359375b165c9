package dev.tally.platform.security;

import dev.tally.kernel.access.ApiKeyOwner;
import dev.tally.kernel.access.ApiKeyRole;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The API keys' owners, read from the credentials table ({@code command.api_keys}) that the command side writes in
 * the very transaction of each key's issue and revocation. Every service reads it directly, by the unique hash of
 * the secret, so a service deployed without the command side in its process (the query side alone, say)
 * authenticates merchant and auditor keys on the one database, with no query between processes.
 */
public class CredentialsTable implements ApiKeyOwners {
    private final JdbcClient jdbc;

    public CredentialsTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ApiKeyOwner> find(String secretHash) {
        return jdbc.sql("""
                SELECT api_key_id, merchant_id, role, scopes FROM command.api_keys
                WHERE secret_hash = :hash AND revoked_at IS NULL""")
                   .param("hash", secretHash)
                   .query((rs, n) -> {
                       String merchant = rs.getString("merchant_id");
                       return new ApiKeyOwner(ApiKeyRole.valueOf(rs.getString("role")),
                                              merchant == null ? null : MerchantId.of(merchant),
                                              ApiKeyId.of(rs.getString("api_key_id")),
                                              scopes(rs.getString("scopes")));
                   })
                   .optional();
    }

    /** A key's scopes as the table keeps them: one string, separated by spaces. */
    public static String stored(List<String> scopes) {
        return String.join(" ", scopes);
    }

    /** The scopes of {@link #stored(List)}'s string. */
    public static List<String> scopes(String stored) {
        return stored.isBlank() ? List.of() : Arrays.asList(stored.split(" "));
    }
}
