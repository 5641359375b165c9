package dev.tally.command.invoice;

import dev.tally.command.CommandSideProperties;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.CancelInvoice;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static dev.tally.command.DomainErrors.domainError;
import static org.assertj.core.api.Assertions.assertThat;

class InvoiceTest {
    /** The fixture's simulated time: when the invoice was created. */
    private static final Instant CREATED_AT = Instant.parse("2025-03-14T09:00:00.123456Z");
    private static final Instant EXPIRES_AT = CREATED_AT.plus(Duration.ofMinutes(15));
    /** The injected Clock (what the aggregate stamps on cancellations); deliberately not the fixture's time. */
    private static final Instant CLOCK_NOW = Instant.parse("2025-03-14T09:05:30.000001Z");

    private static final InvoiceId INVOICE = InvoiceId.of("inv_3kT9pQ2mLx7vRz8w");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final MerchantId OTHER_MERCHANT = MerchantId.of("mer_9ZyXwVuTsRqPoNmL");

    private static final InvoiceCreated CREATED = new InvoiceCreated(INVOICE, MERCHANT, "order-1042",
            TokenAmount.parse("12.50", Asset.USDT), Chain.TRON, "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", 7L, 1, 100,
            "Two flat whites", Map.of("table", "4"), CREATED_AT, EXPIRES_AT);

    private AggregateTestFixture<Invoice> fixture;

    /** Test-only stand-in for {@link dev.tally.kernel.invoice.CreateInvoice}: opens an invoice from a fixed event. */
    record OpenInvoice(InvoiceCreated created) {
    }

    /**
     * Does what {@link InvoiceCreationHandler} does after its checks and look-ups: starts the aggregate through the
     * repository with the package-private constructor. The {@link DeadlineManager} parameter is resolved by the
     * fixture, which registers its {@code StubDeadlineManager} as an injectable resource; so the scheduled expiry
     * shows up in {@code expectScheduledDeadline…} and fires on {@code whenThenTimeAdvancesTo}.
     */
    static final class OpenInvoiceHandler {
        private final AggregateTestFixture<Invoice> fixture;

        OpenInvoiceHandler(AggregateTestFixture<Invoice> fixture) {
            this.fixture = fixture;
        }

        @CommandHandler
        void handle(OpenInvoice command, DeadlineManager deadlineManager) throws Exception {
            fixture.getRepository().newInstance(() -> new Invoice(command.created(), deadlineManager));
        }
    }

    private final PaymentsOnAddresses addresses = new PaymentsOnAddresses();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Invoice.class);
        // Resources must be registered before any command handler (the fixture refuses them afterwards).
        fixture.registerInjectableResource(Clock.fixed(CLOCK_NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(addresses);
        fixture.registerInjectableResource(new CommandSideProperties());
        fixture.registerAnnotatedCommandHandler(new OpenInvoiceHandler(fixture));
    }

    // --- opening -------------------------------------------------------------------------------------------------

    @Test
    void openingAppliesInvoiceCreatedAndSchedulesTheExpiry() {
        fixture.givenCurrentTime(CREATED_AT)
               .when(new OpenInvoice(CREATED))
               .expectSuccessfulHandlerExecution()
               .expectEvents(CREATED)
               .expectScheduledDeadlineWithName(EXPIRES_AT, Invoice.EXPIRY_DEADLINE)
               .expectScheduledDeadlineWithName(Duration.ofMinutes(15), "invoice-expiry")
               .expectNoScheduledDeadlineWithName(CREATED_AT, EXPIRES_AT.minusNanos(1), Invoice.EXPIRY_DEADLINE)
               .expectState(invoice -> assertThat(invoice.status()).isEqualTo(InvoiceStatus.PENDING));
    }

    // --- expiry --------------------------------------------------------------------------------------------------

    @Test
    void reachingTheExpiryExpiresAPendingInvoice() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(new OpenInvoice(CREATED))
               .whenThenTimeAdvancesTo(EXPIRES_AT)
               .expectTriggeredDeadlinesWithName(Invoice.EXPIRY_DEADLINE)
               .expectEvents(new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT))
               .expectState(invoice -> assertThat(invoice.status()).isEqualTo(InvoiceStatus.EXPIRED));
    }

    @Test
    void theExpiryStampsTheInvoicesExpiryInstantNotTheTimeItFired() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(new OpenInvoice(CREATED))
               .whenTimeElapses(Duration.ofHours(2))
               .expectTriggeredDeadlinesWithName(Invoice.EXPIRY_DEADLINE)
               .expectEvents(new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT));
    }

    @Test
    void nothingHappensJustBeforeTheExpiry() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(new OpenInvoice(CREATED))
               .whenThenTimeAdvancesTo(EXPIRES_AT.minusMillis(1))
               .expectTriggeredDeadlinesWithName()
               .expectNoEvents()
               .expectScheduledDeadlineWithName(EXPIRES_AT, Invoice.EXPIRY_DEADLINE);
    }

    @Test
    void aCancelledInvoiceIgnoresItsExpiry() {
        fixture.givenCurrentTime(CREATED_AT)
               .andGivenCommands(new OpenInvoice(CREATED), new CancelInvoice(INVOICE, MERCHANT))
               .whenThenTimeAdvancesTo(EXPIRES_AT)
               .expectTriggeredDeadlinesWithName(Invoice.EXPIRY_DEADLINE)
               .expectNoEvents()
               .expectState(invoice -> assertThat(invoice.status()).isEqualTo(InvoiceStatus.CANCELLED));
    }

    // --- cancellation --------------------------------------------------------------------------------------------

    @Test
    void theOwnerCancelsAPendingInvoiceAtTheClocksInstant() {
        fixture.given(CREATED)
               .when(new CancelInvoice(INVOICE, MERCHANT))
               .expectSuccessfulHandlerExecution()
               .expectEvents(new InvoiceCancelled(INVOICE, MERCHANT, CLOCK_NOW))
               .expectState(invoice -> assertThat(invoice.status()).isEqualTo(InvoiceStatus.CANCELLED));
    }

    @Test
    void anotherMerchantCannotSeeTheInvoiceToCancelIt() {
        fixture.given(CREATED)
               .when(new CancelInvoice(INVOICE, OTHER_MERCHANT))
               .expectException(DomainException.class)
               .expectException(domainError(ErrorCode.NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void anotherMerchantGetsNotFoundEvenForAnExpiredInvoice() {
        fixture.given(CREATED, new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT))
               .when(new CancelInvoice(INVOICE, OTHER_MERCHANT))
               .expectException(domainError(ErrorCode.NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void cancellingTwiceIsANoOp() {
        fixture.given(CREATED, new InvoiceCancelled(INVOICE, MERCHANT, CLOCK_NOW.minusSeconds(60)))
               .when(new CancelInvoice(INVOICE, MERCHANT))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void anExpiredInvoiceCannotBeCancelled() {
        fixture.given(CREATED, new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT))
               .when(new CancelInvoice(INVOICE, MERCHANT))
               .expectException(DomainException.class)
               .expectException(domainError(ErrorCode.INVALID_STATE))
               .expectNoEvents();
    }

    @Test
    void cancellingAnUnknownInvoiceFails() {
        fixture.givenNoPriorActivity()
               .when(new CancelInvoice(INVOICE, MERCHANT))
               .expectException(AggregateNotFoundException.class)
               .expectNoEvents();
    }
}
