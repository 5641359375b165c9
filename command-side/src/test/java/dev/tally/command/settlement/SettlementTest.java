package dev.tally.command.settlement;

import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.settlement.CompleteSettlement;
import dev.tally.kernel.settlement.CreateSettlement;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.tally.command.DomainErrors.domainError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

class SettlementTest {
    /** The injected Clock: what the aggregate stamps on its events. */
    private static final Instant CLOCK_NOW = Instant.parse("2025-03-14T09:20:00.000001Z");
    private static final Instant CREATED_AT = Instant.parse("2025-03-14T09:19:58.5Z");

    private static final InvoiceId INVOICE = InvoiceId.of("inv_3kT9pQ2mLx7vRz8w");
    private static final SettlementId SETTLEMENT = SettlementId.forInvoice(INVOICE);
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");

    private static final CreateSettlement CREATE =
            new CreateSettlement(SETTLEMENT, INVOICE, MERCHANT, usdt("9.99"), 100);
    /** What {@link #CREATE} yields at the default scale 2: 9.99 at 1 % → fee 0.10, net 9.89. */
    private static final SettlementCreated CREATED = new SettlementCreated(SETTLEMENT, INVOICE, MERCHANT,
            usdt("9.99"), usdt("0.10"), usdt("9.89"), 100, 2, CREATED_AT);

    private AggregateTestFixture<Settlement> fixture;
    private SettlementProperties properties;

    private static TokenAmount usdt(String text) {
        return TokenAmount.parse(text, Asset.USDT);
    }

    @BeforeEach
    void setUp() {
        properties = new SettlementProperties(); // default fee scale; a test may change it before `when`
        fixture = new AggregateTestFixture<>(Settlement.class);
        fixture.registerInjectableResource(Clock.fixed(CLOCK_NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(properties);
    }

    // --- creation ------------------------------------------------------------------------------------------------

    @Test
    void creatingSplitsTheFeeAtTheDefaultCentAndStampsTheClock() {
        fixture.givenNoPriorActivity()
               .when(CREATE)
               .expectSuccessfulHandlerExecution()
               .expectEvents(new SettlementCreated(SETTLEMENT, INVOICE, MERCHANT, usdt("9.99"), usdt("0.10"),
                                                   usdt("9.89"), 100, 2, CLOCK_NOW))
               .expectState(settlement -> assertThat(settlement.status()).isEqualTo(SettlementStatus.PENDING));
    }

    @Test
    void theFeeScaleComesFromTheSettings() {
        properties.setFeeScale(6);

        fixture.givenNoPriorActivity()
               .when(CREATE)
               .expectEvents(new SettlementCreated(SETTLEMENT, INVOICE, MERCHANT, usdt("9.99"), usdt("0.0999"),
                                                   usdt("9.8901"), 100, 6, CLOCK_NOW));
    }

    @Test
    void theFeeIsRoundedHalfUpAndTheNetIsTheRest() {
        fixture.givenNoPriorActivity()
               .when(new CreateSettlement(SETTLEMENT, INVOICE, MERCHANT, usdt("0.50"), 100))
               .expectEvents(new SettlementCreated(SETTLEMENT, INVOICE, MERCHANT, usdt("0.50"), usdt("0.01"),
                                                   usdt("0.49"), 100, 2, CLOCK_NOW));
    }

    @Test
    void aZeroRateSettlesTheWholeGrossToTheMerchant() {
        fixture.givenNoPriorActivity()
               .when(new CreateSettlement(SETTLEMENT, INVOICE, MERCHANT, usdt("12.50"), 0))
               .expectEvents(new SettlementCreated(SETTLEMENT, INVOICE, MERCHANT, usdt("12.50"), usdt("0"),
                                                   usdt("12.50"), 0, 2, CLOCK_NOW));
    }

    @Test
    void aZeroGrossIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new CreateSettlement(SETTLEMENT, INVOICE, MERCHANT, usdt("0"), 100))
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectExceptionMessage("gross must be greater than zero")
               .expectNoEvents();
    }

    @Test
    void aRateOutside0To10000BasisPointsIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new CreateSettlement(SETTLEMENT, INVOICE, MERCHANT, usdt("9.99"), 10_001))
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectNoEvents();
        fixture.givenNoPriorActivity()
               .when(new CreateSettlement(SETTLEMENT, INVOICE, MERCHANT, usdt("9.99"), -1))
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectNoEvents();
    }

    @Test
    void aSettlementIdNotDerivedFromTheInvoiceIsRefused() {
        SettlementId other = SettlementId.of("stl_9ZyXwVuTsRqPoNmL");

        fixture.givenNoPriorActivity()
               .when(new CreateSettlement(other, INVOICE, MERCHANT, usdt("9.99"), 100))
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectNoEvents();
    }

    @Test
    void aCommandWithoutItsMerchantIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new CreateSettlement(SETTLEMENT, INVOICE, null, usdt("9.99"), 100))
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectNoEvents();
    }

    /**
     * A redelivered CreateSettlement targets the same (derived) id, and Axon does not load an aggregate for a
     * constructor command: its SettlementCreated would be sequence 0 of a stream that already has one. The fixture's
     * event store refuses that with an EventStoreException ("unexpected sequence number"); the JDBC engine's unique
     * (aggregate id, sequence number) key does the same as an AggregateStreamCreationException. Nothing is published
     * and the first split stands.
     */
    @Test
    void creatingTheSameSettlementTwiceIsRefusedByTheEventStore() {
        properties.setFeeScale(6); // a different split, to show the second one is not recorded either

        fixture.given(CREATED)
               .when(CREATE)
               .expectException(EventStoreException.class)
               .expectExceptionMessage(containsString("sequence number"))
               .expectNoEvents();
    }

    // --- completion ----------------------------------------------------------------------------------------------

    @Test
    void completingAPendingSettlementCreditsTheSplitFixedAtCreation() {
        properties.setFeeScale(6); // a later change of the setting does not touch an existing settlement

        fixture.given(CREATED)
               .when(new CompleteSettlement(SETTLEMENT))
               .expectSuccessfulHandlerExecution()
               .expectEvents(new SettlementCompleted(SETTLEMENT, INVOICE, MERCHANT, usdt("9.99"), usdt("0.10"),
                                                     usdt("9.89"), CLOCK_NOW))
               .expectState(settlement -> assertThat(settlement.status()).isEqualTo(SettlementStatus.COMPLETED));
    }

    @Test
    void completingTwiceIsANoOp() {
        fixture.given(CREATED, new SettlementCompleted(SETTLEMENT, INVOICE, MERCHANT, usdt("9.99"), usdt("0.10"),
                                                       usdt("9.89"), CLOCK_NOW.minusSeconds(5)))
               .when(new CompleteSettlement(SETTLEMENT))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents()
               .expectState(settlement -> assertThat(settlement.status()).isEqualTo(SettlementStatus.COMPLETED));
    }

    @Test
    void completingAnUnknownSettlementFails() {
        fixture.givenNoPriorActivity()
               .when(new CompleteSettlement(SETTLEMENT))
               .expectException(AggregateNotFoundException.class)
               .expectNoEvents();
    }

    // --- the fee-scale setting -----------------------------------------------------------------------------------

    @Test
    void theFeeScaleDefaultsToTheCentAndRefusesMoreDecimalsThanTheToken() {
        SettlementProperties settings = new SettlementProperties();

        assertThat(settings.getFeeScale()).isEqualTo(2);
        settings.setFeeScale(0);
        settings.setFeeScale(6);
        assertThat(settings.getFeeScale()).isEqualTo(6);
        assertThatThrownBy(() -> settings.setFeeScale(7)).isInstanceOf(IllegalArgumentException.class)
                                                         .hasMessageContaining("tally.settlement.fee-scale");
        assertThatThrownBy(() -> settings.setFeeScale(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(settings.getFeeScale()).isEqualTo(6);
    }
}
