package dev.tally.platform.security;

import dev.tally.kernel.access.ApiKeyOwner;
import dev.tally.kernel.access.ApiKeyRole;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resolution of keys by the hash of their secret, and the cache in front of it. */
class ApiKeyAuthenticationProviderTest {
    private static final String ADMIN = "tly_admin_unit_test_0123456789abcdef";
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");

    /** Stands in for the command side's credentials table. */
    static class Credentials implements ApiKeyOwners {
        final Map<String, ApiKeyOwner> owners = new ConcurrentHashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public Optional<ApiKeyOwner> find(String secretHash) {
            lookups.incrementAndGet();
            return Optional.ofNullable(owners.get(secretHash));
        }
    }

    Credentials credentials = new Credentials();

    private String issue(ApiKeyRole role, String id, String... scopes) {
        String secret = ApiKeys.generate("live");
        credentials.owners.put(ApiKeys.sha256Hex(secret), new ApiKeyOwner(role,
                role == ApiKeyRole.MERCHANT ? MERCHANT : null, ApiKeyId.of(id), List.of(scopes)));
        return secret;
    }

    private TallyPrincipal authenticate(ApiKeyAuthenticationProvider provider, String secret) {
        return (TallyPrincipal) provider.authenticate(ApiKeyAuthentication.unauthenticated(secret)).getPrincipal();
    }

    private ApiKeyAuthenticationProvider provider(Duration ttl) {
        var cache = new TallySecurityProperties.ApiKeyCache();
        cache.setTtl(ttl);
        return new ApiKeyAuthenticationProvider(AdminKey.from(ADMIN), credentials, cache);
    }

    @Test
    void resolvedKeysAreCachedAndForgottenOnRevocation() {
        var provider = provider(Duration.ofMinutes(1));
        String secret = issue(ApiKeyRole.MERCHANT, "key_aaaaaaaaaaaaaaaa", "invoices:read");
        TallyPrincipal first = authenticate(provider, secret);
        assertThat(first.role()).isEqualTo(Role.MERCHANT);
        assertThat(first.merchantId()).isEqualTo(MERCHANT);
        assertThat(first.scopes()).containsExactly("invoices:read");
        assertThat(authenticate(provider, secret)).isEqualTo(first);
        assertThat(credentials.lookups).hasValue(1);

        // Revoked: the table no longer answers, and the cache lets go at once.
        credentials.owners.clear();
        provider.forget(ApiKeyId.of("key_aaaaaaaaaaaaaaaa"));
        assertThatThrownBy(() -> authenticate(provider, secret)).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void unknownKeysAreNeverCachedSoANewKeyWorksAtOnce() {
        var provider = provider(Duration.ofMinutes(1));
        String secret = ApiKeys.generate("live");
        assertThatThrownBy(() -> authenticate(provider, secret)).isInstanceOf(BadCredentialsException.class);
        credentials.owners.put(ApiKeys.sha256Hex(secret),
                               new ApiKeyOwner(MERCHANT, ApiKeyId.of("key_bbbbbbbbbbbbbbbb"), List.of()));
        assertThat(authenticate(provider, secret).apiKeyId().value()).isEqualTo("key_bbbbbbbbbbbbbbbb");
        assertThat(credentials.lookups).hasValue(2);
    }

    @Test
    void aZeroTtlAsksEveryTime() {
        var provider = provider(Duration.ZERO);
        String secret = issue(ApiKeyRole.MERCHANT, "key_cccccccccccccccc", "invoices:read");
        authenticate(provider, secret);
        authenticate(provider, secret);
        assertThat(credentials.lookups).hasValue(2);
    }

    @Test
    void auditorKeysBecomeAuditorsAndTheAdminKeyTheAdmin() {
        var provider = provider(Duration.ofMinutes(1));
        TallyPrincipal auditor = authenticate(provider, issue(ApiKeyRole.AUDITOR, "key_dddddddddddddddd", "audit:read"));
        assertThat(auditor.role()).isEqualTo(Role.AUDITOR);
        assertThat(auditor.merchantId()).isNull();
        assertThat(authenticate(provider, ADMIN).role()).isEqualTo(Role.ADMIN);
        assertThat(credentials.lookups).hasValue(1);
    }

    @Test
    void malformedKeysAreRefusedWithoutALookup() {
        var provider = provider(Duration.ofMinutes(1));
        assertThatThrownBy(() -> authenticate(provider, "sk_live_something")).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> authenticate(provider, "tly_" + "x".repeat(300)))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(credentials.lookups).hasValue(0);
    }

    @Test
    void anAdminKeyWithoutTheTallyPrefixWorks() {
        String secret = "operator-chosen-secret-0123456789";
        var provider = new ApiKeyAuthenticationProvider(AdminKey.from(secret), credentials);
        assertThat(authenticate(provider, secret).role()).isEqualTo(Role.ADMIN);
        assertThatThrownBy(() -> authenticate(provider, secret + "x")).isInstanceOf(BadCredentialsException.class);
        assertThat(credentials.lookups).hasValue(0);
    }

    @Test
    void keysThatCannotBeCheckedAreTheServicesTroubleAndAreAskedAgain() {
        // A service started before the command side ever created the credentials table, on a real database.
        try (TestDatabase database = TestDatabase.create()) {
            CredentialsTable table = new CredentialsTable(JdbcClient.create(
                    new DriverManagerDataSource(database.url(), database.user(), database.password())));
            var cache = new TallySecurityProperties.ApiKeyCache();
            var provider = new ApiKeyAuthenticationProvider(AdminKey.from(ADMIN), table, cache);
            String secret = ApiKeys.generate("live");
            assertThatThrownBy(() -> authenticate(provider, secret))
                    .isInstanceOf(AuthenticationServiceException.class)
                    .hasMessage("API keys cannot be checked right now");
            assertThatThrownBy(() -> authenticate(provider, secret))
                    .isInstanceOf(AuthenticationServiceException.class);
            assertThat(authenticate(provider, ADMIN).role()).isEqualTo(Role.ADMIN);
        }
    }

    @Test
    void anAdminKeyThatCouldNeverWorkRefusesToStartNamingTheRule() {
        assertThatThrownBy(() -> AdminKey.from("short-secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TALLY_ADMIN_API_KEY").hasMessageContaining("24 to 200");
        assertThatThrownBy(() -> AdminKey.from("x".repeat(201))).hasMessageContaining("201 characters");
        assertThatThrownBy(() -> AdminKey.from("a secret with spaces inside it"))
                .hasMessageContaining("spaces, control or non-ASCII");
        assertThatThrownBy(() -> AdminKey.from("sécret-with-an-accent-0123456789")).hasMessageContaining("non-ASCII");
        assertThat(AdminKey.from("  padded-secret-0123456789abcdef  ").matches("padded-secret-0123456789abcdef"))
                .isTrue();
    }
}
