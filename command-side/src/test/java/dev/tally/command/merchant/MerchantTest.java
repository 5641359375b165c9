package dev.tally.command.merchant;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.merchant.ApiKeyIssued;
import dev.tally.kernel.merchant.MerchantRegistered;
import dev.tally.kernel.merchant.RegisterMerchant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.tally.command.DomainErrors.domainError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.hamcrest.Matchers.any;

class MerchantTest {
    private static final Instant NOW = Instant.parse("2025-03-14T09:26:53.589793Z");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final ApiKeyId KEY = ApiKeyId.of("key_7Hs2Kd9QwE4rTy6u");
    private static final String PREFIX = "tly_7Hs2";
    private static final String SECRET_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private FixtureConfiguration<Merchant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Merchant.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static RegisterMerchant register(String name, int fee, Integer override) {
        return new RegisterMerchant(MERCHANT, name, fee, override, KEY, PREFIX, SECRET_HASH);
    }

    private static ApiKeyIssued keyIssued() {
        return new ApiKeyIssued(MERCHANT, KEY, PREFIX, SECRET_HASH, ApiScope.ALL_MERCHANT, NOW);
    }

    /** A DomainException carrying the given code. */

    @Test
    void registeringAppliesTheMerchantAndItsFirstKeyWithAllMerchantScopes() {
        fixture.givenNoPriorActivity()
               .when(register("  Acme Coffee \t", 150, 6))
               .expectSuccessfulHandlerExecution()
               .expectEvents(new MerchantRegistered(MERCHANT, "Acme Coffee", 150, 6, null, NOW), keyIssued());
    }

    @Test
    void theIssuedKeyHasExactlyTheMerchantScopes() {
        fixture.givenNoPriorActivity()
               .when(register("Acme", 100, null))
               .expectEventsMatching(exactSequenceOf(
                       messageWithPayload(
                               any(MerchantRegistered.class)),
                       messageWithPayload(
                               new TypeSafeMatcher<ApiKeyIssued>() {
                                   @Override
                                   protected boolean matchesSafely(ApiKeyIssued item) {
                                       return item.scopes().equals(List.of("invoices:read", "invoices:write",
                                               "settlements:read", "reports:read", "webhooks:write", "audit:read",
                                               "payouts:read", "payouts:write", "refunds:read", "refunds:write"))
                                              && item.issuedAt().equals(NOW);
                                   }

                                   @Override
                                   public void describeTo(Description description) {
                                       description.appendText("an ApiKeyIssued with all merchant scopes at " + NOW);
                                   }
                               }),
                       andNoMore()));
    }

    @Test
    void theRegisteredMerchantGivesItsTermsToNewInvoices() {
        fixture.givenNoPriorActivity()
               .when(register("Acme", 250, 3))
               .expectState(merchant -> assertThat(merchant.invoiceTerms())
                       .isEqualTo(new Merchant.InvoiceTerms(3, 250)));
    }

    @Test
    void aNameOfExactly200CharactersIsAccepted() {
        String name = "n".repeat(200);
        fixture.givenNoPriorActivity()
               .when(register("  " + name + "  ", 100, null))
               .expectEvents(new MerchantRegistered(MERCHANT, name, 100, null, null, NOW), keyIssued());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10_000})
    void feeBoundariesAreAccepted(int fee) {
        fixture.givenNoPriorActivity()
               .when(register("Acme", fee, null))
               .expectEvents(new MerchantRegistered(MERCHANT, "Acme", fee, null, null, NOW), keyIssued());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void confirmationOverrideBoundariesAreAccepted(int override) {
        fixture.givenNoPriorActivity()
               .when(register("Acme", 100, override))
               .expectEvents(new MerchantRegistered(MERCHANT, "Acme", 100, override, null, NOW), keyIssued());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void aBlankNameIsRefused(String name) {
        expectRuleViolation(register(name, 100, null));
    }

    @Test
    void aMissingNameIsRefused() {
        expectRuleViolation(register(null, 100, null));
    }

    @Test
    void aNameOver200CharactersIsRefused() {
        expectRuleViolation(register("n".repeat(201), 100, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 10_001, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void aFeeOutside0To10000IsRefused(int fee) {
        expectRuleViolation(register("Acme", fee, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 101, -1})
    void anOverrideOutside1To100IsRefused(int override) {
        expectRuleViolation(register("Acme", 100, override));
    }

    private void expectRuleViolation(RegisterMerchant command) {
        fixture.givenNoPriorActivity()
               .when(command)
               .expectException(DomainException.class)
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectNoEvents();
    }
}
