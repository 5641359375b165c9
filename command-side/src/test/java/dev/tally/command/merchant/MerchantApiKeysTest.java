package dev.tally.command.merchant;

import dev.tally.kernel.access.ApiKeyRules;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.access.IssueApiKey;
import dev.tally.kernel.access.RevokeApiKey;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.merchant.ApiKeyIssued;
import dev.tally.kernel.merchant.ApiKeyRevoked;
import dev.tally.kernel.merchant.MerchantRegistered;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static dev.tally.command.DomainErrors.domainError;

/** A merchant's keys: issued beside each other (rotation), capped, revoked once, and only its own. */
class MerchantApiKeysTest {
    private static final Instant NOW = Instant.parse("2025-03-14T09:26:53.589793Z");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final ApiKeyId FIRST = ApiKeyId.of("key_7Hs2Kd9QwE4rTy6u");
    private static final ApiKeyId SECOND = ApiKeyId.of("key_9Pq3Lm5NbV8cXz2a");
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private FixtureConfiguration<Merchant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Merchant.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<Object> registered() {
        return List.of(new MerchantRegistered(MERCHANT, "Acme", 100, null, null, NOW),
                       new ApiKeyIssued(MERCHANT, FIRST, "tly_live_AbCdEfG", HASH, ApiScope.ALL_MERCHANT, NOW));
    }

    private static IssueApiKey issue(ApiKeyId id, String name, List<String> scopes) {
        return new IssueApiKey(MERCHANT, id, name, scopes, "tly_live_XyZ1234", HASH.replace('9', 'a'));
    }

    @Test
    void aSecondKeyIsIssuedBesideTheFirst() {
        fixture.given(registered())
               .when(issue(SECOND, "  Checkout plugin ", List.of("invoices:write", "invoices:read", "invoices:write")))
               .expectEvents(new ApiKeyIssued(MERCHANT, SECOND, "tly_live_XyZ1234", HASH.replace('9', 'a'),
                                              List.of("invoices:write", "invoices:read"), NOW, "Checkout plugin"));
    }

    @Test
    void namesAndScopesAreChecked() {
        fixture.given(registered()).when(issue(SECOND, " ", ApiScope.ALL))
               .expectException(domainError(ErrorCode.RULE_VIOLATION)).expectNoEvents();
        fixture.given(registered()).when(issue(SECOND, "x".repeat(ApiKeyRules.NAME_LENGTH_MAX + 1), ApiScope.ALL))
               .expectException(domainError(ErrorCode.RULE_VIOLATION)).expectNoEvents();
        fixture.given(registered()).when(issue(SECOND, "k", List.of()))
               .expectException(domainError(ErrorCode.RULE_VIOLATION)).expectNoEvents();
        fixture.given(registered()).when(issue(SECOND, "k", List.of("invoices:delete")))
               .expectException(domainError(ErrorCode.RULE_VIOLATION)).expectNoEvents();
        fixture.given(registered()).when(issue(FIRST, "k", ApiScope.ALL))
               .expectException(domainError(ErrorCode.INVALID_STATE)).expectNoEvents();
    }

    @Test
    void activeKeysAreCappedAndARevokedKeyFreesItsPlace() {
        List<Object> history = new ArrayList<>(registered());
        for (int i = 1; i < ApiKeyRules.ACTIVE_KEYS_MAX; i++) {
            history.add(new ApiKeyIssued(MERCHANT, ApiKeyId.of("key_" + "k".repeat(10) + (1000 + i)), "tly_live_x",
                                         HASH, ApiScope.ALL, NOW, "k" + i));
        }
        fixture.given(history).when(issue(SECOND, "one too many", ApiScope.ALL))
               .expectException(domainError(ErrorCode.RULE_VIOLATION)).expectNoEvents();
        history.add(new ApiKeyRevoked(MERCHANT, FIRST, NOW));
        fixture.given(history).when(issue(SECOND, "replacement", ApiScope.ALL)).expectSuccessfulHandlerExecution();
    }

    @Test
    void revokingIsRecordedOnceAndAnUnknownKeyIsNotFound() {
        fixture.given(registered()).when(new RevokeApiKey(MERCHANT, FIRST))
               .expectEvents(new ApiKeyRevoked(MERCHANT, FIRST, NOW));
        List<Object> revoked = new ArrayList<>(registered());
        revoked.add(new ApiKeyRevoked(MERCHANT, FIRST, NOW));
        fixture.given(revoked).when(new RevokeApiKey(MERCHANT, FIRST))
               .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(registered()).when(new RevokeApiKey(MERCHANT, SECOND))
               .expectException(domainError(ErrorCode.NOT_FOUND)).expectNoEvents();
    }
}
