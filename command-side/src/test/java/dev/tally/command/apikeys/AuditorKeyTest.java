package dev.tally.command.apikeys;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.access.AuditorKeyIssued;
import dev.tally.kernel.access.AuditorKeyRevoked;
import dev.tally.kernel.access.IssueAuditorKey;
import dev.tally.kernel.access.RevokeAuditorKey;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.ApiKeyId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.tally.command.DomainErrors.domainError;

class AuditorKeyTest {
    private static final Instant NOW = Instant.parse("2025-03-14T09:26:53.589793Z");
    private static final ApiKeyId KEY = ApiKeyId.of("key_7Hs2Kd9QwE4rTy6u");
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private FixtureConfiguration<AuditorKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AuditorKey.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void anAuditorKeyHoldsReadingScopesOnly() {
        fixture.givenNoPriorActivity()
               .when(new IssueAuditorKey(KEY, " Audit firm ", ApiScope.AUDITOR, "tly_live_AbCdEfG", HASH))
               .expectEvents(new AuditorKeyIssued(KEY, "Audit firm", "tly_live_AbCdEfG", HASH, ApiScope.AUDITOR, NOW));
        fixture.givenNoPriorActivity()
               .when(new IssueAuditorKey(KEY, "Audit firm", List.of(ApiScope.INVOICES_WRITE), "tly_live_x", HASH))
               .expectException(domainError(ErrorCode.RULE_VIOLATION)).expectNoEvents();
        fixture.givenNoPriorActivity()
               .when(new IssueAuditorKey(KEY, "Audit firm", List.of(ApiScope.WEBHOOKS_WRITE), "tly_live_x", HASH))
               .expectException(domainError(ErrorCode.RULE_VIOLATION)).expectNoEvents();
    }

    @Test
    void revokingIsRecordedOnce() {
        var issued = new AuditorKeyIssued(KEY, "Audit firm", "tly_live_x", HASH, ApiScope.AUDITOR, NOW);
        fixture.given(issued).when(new RevokeAuditorKey(KEY)).expectEvents(new AuditorKeyRevoked(KEY, NOW));
        fixture.given(issued, new AuditorKeyRevoked(KEY, NOW)).when(new RevokeAuditorKey(KEY))
               .expectSuccessfulHandlerExecution().expectNoEvents();
    }
}
