package dev.tally.command.invoice;

import dev.tally.command.funds.OwnAddresses;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.refund.InvoiceRefundReleased;
import dev.tally.kernel.refund.InvoiceRefundRequested;
import dev.tally.kernel.refund.RefundSplit;
import dev.tally.kernel.refund.ReleaseInvoiceRefund;
import dev.tally.kernel.refund.RequestRefund;
import dev.tally.command.invoice.InvoiceTest.OpenInvoice;
import dev.tally.command.invoice.InvoiceTest.OpenInvoiceHandler;
import dev.tally.command.CommandSideProperties;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.AcceptLatePayment;
import dev.tally.kernel.invoice.ApplyConfirmedPayment;
import dev.tally.kernel.invoice.CancelInvoice;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoicePaymentFinal;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoiceSettlementFinal;
import dev.tally.kernel.invoice.RecordPaymentFinal;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.invoice.ReverseInvoicePayment;
import dev.tally.kernel.invoice.UnappliedReason;
import dev.tally.kernel.invoice.InvoicePaymentWithdrawn;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.invoice.MarkInvoiceSettled;
import dev.tally.kernel.invoice.RegisterInvoicePayment;
import dev.tally.kernel.invoice.WithdrawInvoicePayment;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.tally.command.DomainErrors.domainError;
import static org.hamcrest.Matchers.containsString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The money rules of an invoice: detection, confirmation, partial / under / over payment, withdrawal,
 * expiry with payments in flight, late payments and settlement. Amounts in expected events are written in base units
 * (USDT: 6 decimals) so that the arithmetic is checked independently of {@link TokenAmount#parse}.
 */
class InvoiceMoneyTest {
    /** The fixture's simulated time: when the invoice was created. */
    private static final Instant CREATED_AT = Instant.parse("2025-03-14T09:00:00.123456Z");
    private static final Instant EXPIRES_AT = CREATED_AT.plus(Duration.ofMinutes(15));
    /** The injected Clock (what the aggregate stamps on cancellations and late acceptances). */
    private static final Instant CLOCK_NOW = Instant.parse("2025-03-14T09:05:30.000001Z");

    private static final InvoiceId INVOICE = InvoiceId.of("inv_3kT9pQ2mLx7vRz8w");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final MerchantId OTHER_MERCHANT = MerchantId.of("mer_9ZyXwVuTsRqPoNmL");
    private static final SettlementId SETTLEMENT = SettlementId.forInvoice(INVOICE);

    private static final int FEE_BPS = 100;
    /** 12.50 USDT. */
    private static final TokenAmount AMOUNT = usdt("12.50");

    private static final InvoiceCreated CREATED = new InvoiceCreated(INVOICE, MERCHANT, "order-1042", AMOUNT,
            Chain.TRON, "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", 7L, 1, FEE_BPS, "Two flat whites",
            Map.of("table", "4"), CREATED_AT, EXPIRES_AT);

    private static final PaymentId PAYMENT_A = PaymentId.of(Chain.TRON,
            "7c1f0e2a9b3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6", 0);
    private static final PaymentId PAYMENT_B = PaymentId.of(Chain.TRON,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 3);
    private static final PaymentId UNKNOWN_PAYMENT = PaymentId.of(Chain.TRON,
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);

    private static final Instant DETECTED_AT = CREATED_AT.plus(Duration.ofMinutes(3));
    private static final Instant DETECTED_B_AT = CREATED_AT.plus(Duration.ofMinutes(4));
    private static final Instant CONFIRMED_AT = CREATED_AT.plus(Duration.ofMinutes(6));
    private static final Instant CONFIRMED_B_AT = CREATED_AT.plus(Duration.ofMinutes(7));
    private static final Instant LATE_DETECTED_AT = EXPIRES_AT.plus(Duration.ofMinutes(10));
    private static final Instant LATE_CONFIRMED_AT = EXPIRES_AT.plus(Duration.ofMinutes(12));
    private static final Instant SETTLED_AT = CONFIRMED_AT.plusSeconds(20);

    /** Only {@link #INVOICE_PAID_TO} had a payment matched on its address. */
    private static final PaymentsOnAddresses ADDRESSES = new PaymentsOnAddresses();
    private static final InvoiceId INVOICE_PAID_TO = InvoiceId.of("inv_5mN8pQ2mLx7vRz8w");

    static {
        ADDRESSES.paymentMatched(INVOICE_PAID_TO);
    }

    private AggregateTestFixture<Invoice> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture(0);
    }

    /** A fixture whose {@link CommandSideProperties} allow the given underpayment tolerance. */
    private static AggregateTestFixture<Invoice> newFixture(int underpaymentToleranceBps) {
        CommandSideProperties properties = new CommandSideProperties();
        properties.getInvoices().setUnderpaymentToleranceBps(underpaymentToleranceBps);
        AggregateTestFixture<Invoice> fixture = new AggregateTestFixture<>(Invoice.class);
        // Resources must be registered before any command handler (the fixture refuses them afterwards).
        fixture.registerInjectableResource(Clock.fixed(CLOCK_NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(properties);
        fixture.registerInjectableResource(ADDRESSES);
        fixture.registerInjectableResource((OwnAddresses) (chain, address) -> address.equals(CREATED.depositAddress()));
        fixture.registerAnnotatedCommandHandler(new OpenInvoiceHandler(fixture));
        return fixture;
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static TokenAmount usdt(String decimal) {
        return TokenAmount.parse(decimal, Asset.USDT);
    }

    private static TokenAmount units(long baseUnits) {
        return TokenAmount.ofBaseUnits(Asset.USDT, baseUnits);
    }

    private static RegisterInvoicePayment register(PaymentId payment, String amount, Instant at) {
        return new RegisterInvoicePayment(INVOICE, payment, usdt(amount), at);
    }

    private static ApplyConfirmedPayment confirm(PaymentId payment, String amount, Instant at) {
        return new ApplyConfirmedPayment(INVOICE, payment, usdt(amount), at);
    }

    /** As stored before detections carried the status they lead to (revision 1). */
    private static InvoicePaymentDetected detected(PaymentId payment, long baseUnits, boolean late, Instant at) {
        return detected(payment, baseUnits, late, at, null);
    }

    private static InvoicePaymentDetected detected(PaymentId payment, long baseUnits, boolean late, Instant at,
                                                   InvoiceStatus statusAfter) {
        return new InvoicePaymentDetected(INVOICE, MERCHANT, payment, units(baseUnits), late, at, statusAfter);
    }

    private static InvoicePaymentConfirmed confirmed(PaymentId payment, long baseUnits, long totalBaseUnits,
                                                     InvoiceStatus statusAfter, Instant at) {
        return new InvoicePaymentConfirmed(INVOICE, MERCHANT, payment, units(baseUnits), units(totalBaseUnits),
                                           statusAfter, at);
    }

    private static InvoicePaymentUnapplied unapplied(PaymentId payment, long baseUnits, UnappliedReason reason,
                                                     long totalAfterBaseUnits, InvoiceStatus statusAfter, Instant at) {
        return new InvoicePaymentUnapplied(INVOICE, MERCHANT, payment, units(baseUnits), reason,
                                           units(totalAfterBaseUnits), statusAfter, at);
    }

    private static InvoicePaid paid(long grossBaseUnits, long overpaidBaseUnits, boolean lateAccepted, Instant at) {
        return new InvoicePaid(INVOICE, MERCHANT, units(12_500_000), units(grossBaseUnits), units(overpaidBaseUnits),
                               FEE_BPS, lateAccepted, at, SETTLEMENT);
    }

    private static List<Object> times(int n, Object command) {
        return new ArrayList<>(Collections.nCopies(n, command));
    }

    private static List<Object> concat(Object first, List<Object> rest) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** How many events of this type the fixture's event store holds for the invoice (given and when phases). */
    private long storedEvents(Class<?> type) {
        return fixture.getEventStore().readEvents(INVOICE.value()).asStream()
                      .map(EventMessage::getPayloadType)
                      .filter(type::equals)
                      .count();
    }

    private static void expectStatus(ResultValidator<Invoice> result, InvoiceStatus status) {
        result.expectState(invoice -> assertThat(invoice.status()).isEqualTo(status));
    }

    // --- detection -----------------------------------------------------------------------------------------------

    @Nested
    class Detection {
        @Test
        void aDetectedPaymentMovesThePendingInvoiceToConfirming() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED))
                                .when(register(PAYMENT_A, "12.50", DETECTED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(detected(PAYMENT_A, 12_500_000, false, DETECTED_AT, InvoiceStatus.CONFIRMING));
            expectStatus(result, InvoiceStatus.CONFIRMING);
        }

        @Test
        void theSamePaymentRegisteredTwiceIsRecordedOnce() {
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT))
                                .when(register(PAYMENT_A, "12.50", DETECTED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectNoEvents();
            expectStatus(result, InvoiceStatus.CONFIRMING);
        }

        @Test
        void aDetectionReportedTenTimesProducesOneEvent() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(concat(new OpenInvoice(CREATED),
                                                         times(9, register(PAYMENT_A, "12.50", DETECTED_AT))))
                                .when(register(PAYMENT_A, "12.50", DETECTED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectNoEvents();
            expectStatus(result, InvoiceStatus.CONFIRMING);
            assertThat(storedEvents(InvoicePaymentDetected.class)).isEqualTo(1);
        }

        @Test
        void aPaymentToACancelledInvoiceIsRecordedAndTheInvoiceStaysCancelled() {
            var result = fixture.given(CREATED, new InvoiceCancelled(INVOICE, MERCHANT, CLOCK_NOW))
                                .when(register(PAYMENT_A, "12.50", DETECTED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(detected(PAYMENT_A, 12_500_000, false, DETECTED_AT, InvoiceStatus.CANCELLED));
            expectStatus(result, InvoiceStatus.CANCELLED);
        }

        @Test
        void theConfirmedMoneyOfACancelledInvoiceIsTheMerchantsUnappliedFunds() {
            var result = fixture.given(CREATED, new InvoiceCancelled(INVOICE, MERCHANT, CLOCK_NOW),
                                       detected(PAYMENT_A, 12_500_000, false, DETECTED_AT))
                                .when(confirm(PAYMENT_A, "12.50", CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(unapplied(PAYMENT_A, 12_500_000, UnappliedReason.INVOICE_CANCELLED, 0,
                                                        InvoiceStatus.CANCELLED, CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.CANCELLED);
        }

        @Test
        void anInvoiceWhoseAddressHadAPaymentMatchedCannotBeCancelled() {
            // The payment was matched on the address a moment before the cancel; the saga has not registered it yet.
            InvoiceCreated created = new InvoiceCreated(INVOICE_PAID_TO, MERCHANT, "order-1043", AMOUNT, Chain.TRON,
                    "TJRabPrwbZy45sbavfcjinPJC18kjpRTv9", 8L, 1, FEE_BPS, "Tea", Map.of(), CREATED_AT, EXPIRES_AT);
            fixture.given(created)
                   .when(new CancelInvoice(INVOICE_PAID_TO, MERCHANT))
                   .expectException(domainError(ErrorCode.INVALID_STATE))
                   .expectNoEvents();
        }
    }

    // --- confirmation --------------------------------------------------------------------------------------------

    @Nested
    class Confirmation {
        @Test
        void confirmingExactlyTheAmountPaysTheInvoice() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED), register(PAYMENT_A, "12.50", DETECTED_AT))
                                .when(confirm(PAYMENT_A, "12.50", CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID,
                                                        CONFIRMED_AT),
                                              paid(12_500_000, 0, false, CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.PAID);
        }

        @Test
        void aConfirmationRedeliveredChangesNothing() {
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                                       paid(12_500_000, 0, false, CONFIRMED_AT))
                                .when(confirm(PAYMENT_A, "12.50", CONFIRMED_AT.plusSeconds(5)))
                                .expectSuccessfulHandlerExecution()
                                .expectNoEvents();
            expectStatus(result, InvoiceStatus.PAID);
        }

        @Test
        void aConfirmationReportedTenTimesCountsOnce() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(concat(new OpenInvoice(CREATED),
                                                         concat(register(PAYMENT_A, "12.50", DETECTED_AT),
                                                                times(9, confirm(PAYMENT_A, "12.50", CONFIRMED_AT)))))
                                .when(confirm(PAYMENT_A, "12.50", CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectNoEvents();
            expectStatus(result, InvoiceStatus.PAID);
            assertThat(storedEvents(InvoicePaymentConfirmed.class)).isEqualTo(1);
            assertThat(storedEvents(InvoicePaid.class)).isEqualTo(1);
        }

        @Test
        void theFirstOfTwoPartialPaymentsLeavesTheInvoiceConfirmingWhileTheOtherIsPending() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED),
                                                  register(PAYMENT_A, "5.00", DETECTED_AT),
                                                  register(PAYMENT_B, "7.50", DETECTED_B_AT))
                                .when(confirm(PAYMENT_A, "5.00", CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_A, 5_000_000, 5_000_000, InvoiceStatus.CONFIRMING,
                                                        CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.CONFIRMING);
        }

        @Test
        void theSecondPartialPaymentCompletesTheInvoice() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED),
                                                  register(PAYMENT_A, "5.00", DETECTED_AT),
                                                  register(PAYMENT_B, "7.50", DETECTED_B_AT),
                                                  confirm(PAYMENT_A, "5.00", CONFIRMED_AT))
                                .when(confirm(PAYMENT_B, "7.50", CONFIRMED_B_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_B, 7_500_000, 12_500_000, InvoiceStatus.PAID,
                                                        CONFIRMED_B_AT),
                                              paid(12_500_000, 0, false, CONFIRMED_B_AT));
            expectStatus(result, InvoiceStatus.PAID);
        }

        @Test
        void overpayingRecordsTheExcess() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED), register(PAYMENT_A, "15.25", DETECTED_AT))
                                .when(confirm(PAYMENT_A, "15.25", CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_A, 15_250_000, 15_250_000, InvoiceStatus.OVERPAID,
                                                        CONFIRMED_AT),
                                              paid(15_250_000, 2_750_000, false, CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.OVERPAID);
        }
    }

    // --- underpayment --------------------------------------------------------------------------------------------

    @Nested
    class Underpayment {
        @Test
        void aShortConfirmedPaymentWithNothingPendingLeavesTheInvoiceUnderpaid() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED), register(PAYMENT_A, "12.00", DETECTED_AT))
                                .when(confirm(PAYMENT_A, "12.00", CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_A, 12_000_000, 12_000_000, InvoiceStatus.UNDERPAID,
                                                        CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.UNDERPAID);
        }

        @Test
        void anUnderpaidInvoiceExpiresAtItsDeadline() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED), register(PAYMENT_A, "12.00", DETECTED_AT),
                                                  confirm(PAYMENT_A, "12.00", CONFIRMED_AT))
                                .whenThenTimeAdvancesTo(EXPIRES_AT)
                                .expectTriggeredDeadlinesWithName(Invoice.EXPIRY_DEADLINE)
                                // What it received can no longer pay it: the merchant's unapplied funds.
                                .expectEvents(new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT),
                                              unapplied(PAYMENT_A, 12_000_000,
                                                        UnappliedReason.INVOICE_EXPIRED_UNDERPAID, 0,
                                                        InvoiceStatus.EXPIRED, EXPIRES_AT));
            expectStatus(result, InvoiceStatus.EXPIRED);
        }

        @Test
        void aShortfallWithinTheToleranceCountsAsPaid() {
            fixture = newFixture(100); // 1 %: 12.50 USDT may fall short by up to 0.125
            // 0.5 % short: 12.4375 USDT.
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED), register(PAYMENT_A, "12.4375", DETECTED_AT))
                                .when(confirm(PAYMENT_A, "12.4375", CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_A, 12_437_500, 12_437_500, InvoiceStatus.PAID,
                                                        CONFIRMED_AT),
                                              paid(12_437_500, 0, false, CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.PAID);
        }

        @Test
        void aShortfallOneBaseUnitBeyondTheToleranceIsStillUnderpaid() {
            fixture = newFixture(100); // least that counts: 12.375000
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED),
                                                  register(PAYMENT_A, "12.374999", DETECTED_AT))
                                .when(confirm(PAYMENT_A, "12.374999", CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_A, 12_374_999, 12_374_999, InvoiceStatus.UNDERPAID,
                                                        CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.UNDERPAID);
        }

        @Test
        void withoutToleranceHalfAPercentShortIsUnderpaid() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED), register(PAYMENT_A, "12.4375", DETECTED_AT))
                                .when(confirm(PAYMENT_A, "12.4375", CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_A, 12_437_500, 12_437_500, InvoiceStatus.UNDERPAID,
                                                        CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.UNDERPAID);
        }
    }

    // --- withdrawal ----------------------------------------------------------------------------------------------

    @Nested
    class Withdrawal {
        @Test
        void aFailedPaymentReturnsTheInvoiceToPending() {
            Instant failedAt = DETECTED_AT.plusSeconds(40);
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED), register(PAYMENT_A, "12.50", DETECTED_AT))
                                .when(new WithdrawInvoicePayment(INVOICE, PAYMENT_A, "reverted", failedAt))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoicePaymentWithdrawn(INVOICE, MERCHANT, PAYMENT_A,
                                                                          units(12_500_000), "reverted",
                                                                          InvoiceStatus.PENDING, failedAt));
            expectStatus(result, InvoiceStatus.PENDING);
        }

        /** The invoice itself no longer stands in the way; its address still decides (DepositAddressBookTest). */
        @Test
        void afterItsOnlyPaymentFailedTheInvoiceCanBeCancelled() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED), register(PAYMENT_A, "12.50", DETECTED_AT),
                                                  new WithdrawInvoicePayment(INVOICE, PAYMENT_A, "reverted",
                                                                             DETECTED_AT.plusSeconds(40)))
                                .when(new CancelInvoice(INVOICE, MERCHANT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoiceCancelled(INVOICE, MERCHANT, CLOCK_NOW));
            expectStatus(result, InvoiceStatus.CANCELLED);
        }

        @Test
        void withdrawingAnUnknownPaymentChangesNothing() {
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT))
                                .when(new WithdrawInvoicePayment(INVOICE, UNKNOWN_PAYMENT, "reverted",
                                                                 DETECTED_AT.plusSeconds(40)))
                                .expectSuccessfulHandlerExecution()
                                .expectNoEvents();
            expectStatus(result, InvoiceStatus.CONFIRMING);
        }

        @Test
        void withdrawingTheOnlyPaymentAfterTheExpiryTimeExpiresTheInvoice() {
            Instant failedAt = EXPIRES_AT.plusSeconds(30);
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT))
                                .when(new WithdrawInvoicePayment(INVOICE, PAYMENT_A, "orphaned", failedAt))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoicePaymentWithdrawn(INVOICE, MERCHANT, PAYMENT_A,
                                                                          units(12_500_000), "orphaned",
                                                                          InvoiceStatus.EXPIRED, failedAt));
            expectStatus(result, InvoiceStatus.EXPIRED);
        }
    }

    // --- expiry with a payment in flight -------------------------------------------------------------------------

    @Nested
    class ExpiryWhileConfirming {
        @Test
        void theExpiryDoesNotExpireAnInvoiceWhosePaymentIsStillConfirming() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED), register(PAYMENT_A, "12.50", DETECTED_AT))
                                .whenThenTimeAdvancesTo(EXPIRES_AT)
                                .expectTriggeredDeadlinesWithName(Invoice.EXPIRY_DEADLINE)
                                .expectNoEvents();
            expectStatus(result, InvoiceStatus.CONFIRMING);
        }

        @Test
        void aShortConfirmationAfterTheExpiryExpiresTheInvoice() {
            Instant confirmedAt = EXPIRES_AT.plus(Duration.ofMinutes(2));
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_000_000, false, DETECTED_AT))
                                .when(confirm(PAYMENT_A, "12.00", confirmedAt))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT),
                                              unapplied(PAYMENT_A, 12_000_000,
                                                        UnappliedReason.INVOICE_EXPIRED_UNDERPAID, 0,
                                                        InvoiceStatus.EXPIRED, confirmedAt));
            expectStatus(result, InvoiceStatus.EXPIRED);
        }

        @Test
        void aFullConfirmationAfterTheExpiryOfAPaymentDetectedInTimePaysTheInvoice() {
            Instant confirmedAt = EXPIRES_AT.plus(Duration.ofMinutes(2));
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT))
                                .when(confirm(PAYMENT_A, "12.50", confirmedAt))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID,
                                                        confirmedAt),
                                              paid(12_500_000, 0, false, confirmedAt));
            expectStatus(result, InvoiceStatus.PAID);
        }
    }

    // --- late payment --------------------------------------------------------------------------------------------

    @Nested
    class LatePayment {
        private final InvoiceExpired expired = new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT);

        @Test
        void aPaymentDetectedAfterExpiryIsLateAndTheInvoiceStaysExpired() {
            var result = fixture.given(CREATED, expired)
                                .when(register(PAYMENT_A, "12.50", LATE_DETECTED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(detected(PAYMENT_A, 12_500_000, true, LATE_DETECTED_AT, InvoiceStatus.EXPIRED));
            expectStatus(result, InvoiceStatus.EXPIRED);
        }

        @Test
        void aLatePaymentConfirmedWhileAnInTimePaymentIsStillConfirmingCountsAndWaitsForIt() {
            // P_A was detected in time and is still confirming at expiry; P_B arrives late and confirms first.
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       detected(PAYMENT_B, 2_000_000, true, LATE_DETECTED_AT))
                                .when(confirm(PAYMENT_B, "2.00", LATE_CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_B, 2_000_000, 2_000_000, InvoiceStatus.CONFIRMING,
                                                        LATE_CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.CONFIRMING);
        }

        @Test
        void whenTheInTimePaymentThenFailsConfirmedLateMoneyThatCoversLeavesTheInvoicePaidLate() {
            Instant failedAt = LATE_CONFIRMED_AT.plusSeconds(30);
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       detected(PAYMENT_B, 12_500_000, true, LATE_DETECTED_AT),
                                       confirmed(PAYMENT_B, 12_500_000, 12_500_000, InvoiceStatus.CONFIRMING,
                                                 LATE_CONFIRMED_AT))
                                .when(new WithdrawInvoicePayment(INVOICE, PAYMENT_A, "REVERT", failedAt))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoicePaymentWithdrawn(INVOICE, MERCHANT, PAYMENT_A,
                                        TokenAmount.ofBaseUnits(Asset.USDT, 12_500_000), "REVERT",
                                        InvoiceStatus.PAID_LATE, failedAt));
            expectStatus(result, InvoiceStatus.PAID_LATE);
        }

        @Test
        void whenTheInTimePaymentThenFailsConfirmedLateMoneyThatFallsShortIsUnapplied() {
            // 2.00 USDT after expiry does not make a 12.50 invoice "paid late": it is the merchant's unapplied funds.
            Instant failedAt = LATE_CONFIRMED_AT.plusSeconds(30);
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       detected(PAYMENT_B, 2_000_000, true, LATE_DETECTED_AT),
                                       confirmed(PAYMENT_B, 2_000_000, 2_000_000, InvoiceStatus.CONFIRMING,
                                                 LATE_CONFIRMED_AT))
                                .when(new WithdrawInvoicePayment(INVOICE, PAYMENT_A, "REVERT", failedAt))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoicePaymentWithdrawn(INVOICE, MERCHANT, PAYMENT_A,
                                        TokenAmount.ofBaseUnits(Asset.USDT, 12_500_000), "REVERT",
                                        InvoiceStatus.EXPIRED, failedAt),
                                              unapplied(PAYMENT_B, 2_000_000, UnappliedReason.LATE_PAYMENT_SHORT, 0,
                                                        InvoiceStatus.EXPIRED, failedAt));
            expectStatus(result, InvoiceStatus.EXPIRED);
        }

        @Test
        void aPaymentInABlockBeforeExpirySeenAfterTheDeadlineRanIsOnTime() {
            // The watcher was down: the expiry deadline ran, then the block the customer paid in (before expiresAt)
            // was scanned. The block's time decides: the payment is in time and the invoice confirms it.
            Instant blockBeforeExpiry = EXPIRES_AT.minusSeconds(1);
            var result = fixture.given(CREATED, expired)
                                .when(register(PAYMENT_A, "12.50", blockBeforeExpiry))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(detected(PAYMENT_A, 12_500_000, false, blockBeforeExpiry, InvoiceStatus.CONFIRMING));
            expectStatus(result, InvoiceStatus.CONFIRMING);
        }

        @Test
        void aTinyLatePaymentDoesNotMakeTheInvoicePaidLate() {
            var result = fixture.given(CREATED, expired, detected(PAYMENT_A, 20_000, true, LATE_DETECTED_AT))
                                .when(confirm(PAYMENT_A, "0.02", LATE_CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(unapplied(PAYMENT_A, 20_000, UnappliedReason.LATE_PAYMENT_SHORT, 0,
                                                        InvoiceStatus.EXPIRED, LATE_CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.EXPIRED);
        }

        @Test
        void aLatePaymentNotAcceptedWithinTheMonitoringWindowIsUnapplied() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED),
                                                  register(PAYMENT_A, "12.50", LATE_DETECTED_AT),
                                                  confirm(PAYMENT_A, "12.50", LATE_CONFIRMED_AT))
                                .whenThenTimeAdvancesTo(EXPIRES_AT.plus(Duration.ofMinutes(60)))
                                .expectTriggeredDeadlinesWithName(Invoice.EXPIRY_DEADLINE,
                                                                  Invoice.LATE_DECISION_DEADLINE)
                                .expectEvents(new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT),
                                              unapplied(PAYMENT_A, 12_500_000,
                                                        UnappliedReason.LATE_PAYMENT_NOT_ACCEPTED, 0,
                                                        InvoiceStatus.EXPIRED, EXPIRES_AT));
            expectStatus(result, InvoiceStatus.EXPIRED);
        }

        @Test
        void moneyAfterTheInvoiceWasPaidIsUnapplied() {
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                                       paid(12_500_000, 0, false, CONFIRMED_AT),
                                       detected(PAYMENT_B, 1_000_000, false, DETECTED_B_AT))
                                .when(confirm(PAYMENT_B, "1.00", CONFIRMED_B_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(unapplied(PAYMENT_B, 1_000_000, UnappliedReason.INVOICE_ALREADY_PAID,
                                                        12_500_000, InvoiceStatus.PAID, CONFIRMED_B_AT));
            expectStatus(result, InvoiceStatus.PAID);
        }

        @Test
        void aConfirmedLatePaymentIsPaidLateAndNeverSettledAutomatically() {
            var result = fixture.given(CREATED, expired, detected(PAYMENT_A, 12_500_000, true, LATE_DETECTED_AT))
                                .when(confirm(PAYMENT_A, "12.50", LATE_CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                // exactly one event: no InvoicePaid
                                .expectEvents(confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID_LATE,
                                                        LATE_CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.PAID_LATE);
        }

        @Test
        void theOwnerAcceptingALatePaymentPublishesInvoicePaid() {
            var result = fixture.given(CREATED, expired, detected(PAYMENT_A, 12_500_000, true, LATE_DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID_LATE,
                                                 LATE_CONFIRMED_AT))
                                .when(new AcceptLatePayment(INVOICE, MERCHANT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(paid(12_500_000, 0, true, CLOCK_NOW));
            expectStatus(result, InvoiceStatus.PAID_LATE);
        }

        @Test
        void acceptingALatePaymentTwiceChangesNothing() {
            var result = fixture.given(CREATED, expired, detected(PAYMENT_A, 12_500_000, true, LATE_DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID_LATE,
                                                 LATE_CONFIRMED_AT),
                                       paid(12_500_000, 0, true, CLOCK_NOW))
                                .when(new AcceptLatePayment(INVOICE, MERCHANT))
                                .expectSuccessfulHandlerExecution()
                                .expectNoEvents();
            expectStatus(result, InvoiceStatus.PAID_LATE);
        }

        @Test
        void anotherMerchantCannotSeeTheInvoiceToAcceptIt() {
            fixture.given(CREATED, expired, detected(PAYMENT_A, 12_500_000, true, LATE_DETECTED_AT),
                          confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID_LATE, LATE_CONFIRMED_AT))
                   .when(new AcceptLatePayment(INVOICE, OTHER_MERCHANT))
                   .expectException(domainError(ErrorCode.NOT_FOUND))
                   .expectNoEvents();
        }

        @Test
        void onlyAPaidLateInvoiceCanBeAccepted() {
            fixture.given(CREATED, expired)
                   .when(new AcceptLatePayment(INVOICE, MERCHANT))
                   .expectException(domainError(ErrorCode.INVALID_STATE))
                   .expectNoEvents();
        }

        @Test
        void aPaidInvoiceCannotBeAcceptedAsLate() {
            fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                          confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                          paid(12_500_000, 0, false, CONFIRMED_AT))
                   .when(new AcceptLatePayment(INVOICE, MERCHANT))
                   .expectException(domainError(ErrorCode.INVALID_STATE))
                   .expectNoEvents();
        }

        @Test
        void aLatePaymentSeenBeforeTheExpiryDeadlineRanIsStillLate() {
            var result = fixture.given(CREATED)
                                .when(register(PAYMENT_A, "12.50", LATE_DETECTED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(detected(PAYMENT_A, 12_500_000, true, LATE_DETECTED_AT, InvoiceStatus.PENDING));
            expectStatus(result, InvoiceStatus.PENDING);
        }

        @Test
        void aLatePaymentConfirmedBeforeTheExpiryDeadlineRanExpiresTheInvoiceFirst() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED),
                                                  register(PAYMENT_A, "12.50", LATE_DETECTED_AT))
                                .when(confirm(PAYMENT_A, "12.50", LATE_CONFIRMED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(expired,
                                              confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID_LATE,
                                                        LATE_CONFIRMED_AT));
            expectStatus(result, InvoiceStatus.PAID_LATE);
        }

        @Test
        void theExpiryDeadlineFiringAfterALateConfirmationAddsNothing() {
            var result = fixture.givenCurrentTime(CREATED_AT)
                                .andGivenCommands(new OpenInvoice(CREATED),
                                                  register(PAYMENT_A, "12.50", LATE_DETECTED_AT),
                                                  confirm(PAYMENT_A, "12.50", LATE_CONFIRMED_AT))
                                .whenThenTimeAdvancesTo(EXPIRES_AT)
                                .expectTriggeredDeadlinesWithName(Invoice.EXPIRY_DEADLINE)
                                .expectNoEvents();
            expectStatus(result, InvoiceStatus.PAID_LATE);
            assertThat(storedEvents(InvoiceExpired.class)).isEqualTo(1);
        }
    }

    // --- refunds -------------------------------------------------------------------------------------------------

    @Nested
    class Refunds {
        private static final String CUSTOMER = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
        private final RefundId refund = RefundId.of("rf_5mT9xQ2mLp7vRz8w");
        private final Instant finalAt = SETTLED_AT.plusSeconds(10);
        /** 12.50 settled: 0.13 fee, 12.37 net. */
        private final InvoiceSettled settled = new InvoiceSettled(INVOICE, MERCHANT, SETTLEMENT, SETTLED_AT,
                                                                  usdt("12.50"), usdt("0.13"));

        private Object[] settledAndFinal() {
            return new Object[]{CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                    confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                    paid(12_500_000, 0, false, CONFIRMED_AT), settled,
                    new InvoicePaymentFinal(INVOICE, MERCHANT, PAYMENT_A, finalAt),
                    new InvoiceSettlementFinal(INVOICE, MERCHANT, SETTLEMENT, finalAt)};
        }

        private RequestRefund request(RefundId id, String amount, String address, Chain chain) {
            return new RequestRefund(INVOICE, MERCHANT, Mode.LIVE, id, usdt(amount), address, chain, "rfc_claim",
                                     CLOCK_NOW.plus(Duration.ofDays(7)), false, "overpaid");
        }

        private InvoiceRefundRequested requested(RefundId id, String amount, String fee, String share) {
            return new InvoiceRefundRequested(INVOICE, MERCHANT, Mode.LIVE, id, SETTLEMENT, Chain.TRON,
                                              new RefundSplit(usdt(amount), usdt(fee), usdt(share)), CUSTOMER, null,
                                              null, false, "overpaid", CLOCK_NOW);
        }

        @Test
        void aSettledInvoiceWhosePaymentsAreFinalHoldsTheRefundAndSaysWhoGivesItBack() {
            fixture.given(settledAndFinal())
                   .when(request(refund, "2.50", CUSTOMER, Chain.TRON))
                   // 2.50 of 12.50 gives back a fifth of the 0.13 fee: 0.026.
                   .expectEvents(requested(refund, "2.50", "0.026", "2.474"));
            // The same refund again is the same request.
            fixture.given(settledAndFinal()).andGiven(requested(refund, "2.50", "0.026", "2.474"))
                   .when(request(refund, "2.50", CUSTOMER, Chain.TRON))
                   .expectNoEvents();
        }

        @Test
        void moneyNotFinalOnChainOrNotSettledIsNotRefunded() {
            fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                          confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                          paid(12_500_000, 0, false, CONFIRMED_AT), settled)
                   .when(request(refund, "2.50", CUSTOMER, Chain.TRON))
                   .expectException(domainError(ErrorCode.RULE_VIOLATION))
                   .expectExceptionMessage(containsString("not final on chain yet"));
            fixture.given(CREATED)
                   .when(request(refund, "2.50", CUSTOMER, Chain.TRON))
                   .expectException(domainError(ErrorCode.RULE_VIOLATION))
                   .expectExceptionMessage(containsString("only a settled invoice's money"));
        }

        @Test
        void anotherMerchantAnotherChainOrTallysOwnAddressIsRefused() {
            fixture.given(settledAndFinal())
                   .when(new RequestRefund(INVOICE, OTHER_MERCHANT, Mode.LIVE, refund, usdt("1.00"), CUSTOMER,
                                           Chain.TRON, null, null, false, null))
                   .expectException(domainError(ErrorCode.NOT_FOUND));
            fixture.given(settledAndFinal())
                   .when(request(refund, "1.00", "0x52908400098527886E0F7030069857D2E4169EE7", Chain.ETHEREUM))
                   .expectException(domainError(ErrorCode.RULE_VIOLATION))
                   .expectExceptionMessage(containsString("was paid on tron"));
            fixture.given(settledAndFinal())
                   .when(request(refund, "1.00", CREATED.depositAddress(), Chain.TRON))
                   .expectException(domainError(ErrorCode.RULE_VIOLATION));
        }

        /** An underpaid invoice that expired: what it received pays nothing and is the customer's to get back. */
        private Object[] expiredUnderpaid(boolean finalBeforeExpiry) {
            List<Object> events = new ArrayList<>(List.of(CREATED, detected(PAYMENT_A, 12_000_000, false, DETECTED_AT),
                    confirmed(PAYMENT_A, 12_000_000, 12_000_000, InvoiceStatus.UNDERPAID, CONFIRMED_AT)));
            if (finalBeforeExpiry) {
                events.add(new InvoicePaymentFinal(INVOICE, MERCHANT, PAYMENT_A, CONFIRMED_AT.plusSeconds(30)));
            }
            events.add(new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT));
            events.add(unapplied(PAYMENT_A, 12_000_000, UnappliedReason.INVOICE_EXPIRED_UNDERPAID, 0,
                                 InvoiceStatus.EXPIRED, EXPIRES_AT));
            return events.toArray();
        }

        private InvoiceRefundRequested unappliedRefund(String amount) {
            return new InvoiceRefundRequested(INVOICE, MERCHANT, Mode.LIVE, refund, null, Chain.TRON,
                                              new RefundSplit(usdt(amount), usdt("0"), usdt("0"), usdt(amount)),
                                              CUSTOMER, null, null, false, "overpaid", CLOCK_NOW);
        }

        @Test
        void moneyThatPaidNoInvoiceIsRefundedWholeOnceFinalOnChain() {
            fixture.given(expiredUnderpaid(false))
                   .when(request(refund, "12.00", CUSTOMER, Chain.TRON))
                   .expectException(domainError(ErrorCode.RULE_VIOLATION))
                   .expectExceptionMessage(containsString("0.00 USDT can be refunded now"));
            // The chain makes it final: the invoice records that of unapplied funds too.
            fixture.given(expiredUnderpaid(false))
                   .when(new RecordPaymentFinal(INVOICE, PAYMENT_A, finalAt))
                   .expectEvents(new InvoicePaymentFinal(INVOICE, MERCHANT, PAYMENT_A, finalAt));
            fixture.given(expiredUnderpaid(false))
                   .andGiven(new InvoicePaymentFinal(INVOICE, MERCHANT, PAYMENT_A, finalAt))
                   .when(request(refund, "12.00", CUSTOMER, Chain.TRON))
                   .expectEvents(unappliedRefund("12.00"));
            // Final while it still counted, unapplied at expiry: refundable all the same, and no more than it.
            fixture.given(expiredUnderpaid(true))
                   .when(request(refund, "12.00", CUSTOMER, Chain.TRON))
                   .expectEvents(unappliedRefund("12.00"));
            fixture.given(expiredUnderpaid(true))
                   .when(request(refund, "12.01", CUSTOMER, Chain.TRON))
                   .expectException(domainError(ErrorCode.RULE_VIOLATION))
                   .expectExceptionMessage(containsString("12.00 USDT can be refunded now"));
        }

        @Test
        void aReleasedRefundsMoneyCanBeRefundedAgainButNeverTwice() {
            RefundId second = RefundId.of("rf_6mT9xQ2mLp7vRz8w");
            fixture.given(settledAndFinal()).andGiven(requested(refund, "12.50", "0.13", "12.37"))
                   .when(request(second, "0.01", CUSTOMER, Chain.TRON))
                   .expectException(domainError(ErrorCode.RULE_VIOLATION))
                   .expectExceptionMessage(containsString("0.00 USDT can be refunded now"));
            fixture.given(settledAndFinal()).andGiven(requested(refund, "12.50", "0.13", "12.37"))
                   .when(new ReleaseInvoiceRefund(INVOICE, refund, "cancelled", CLOCK_NOW))
                   .expectEvents(new InvoiceRefundReleased(INVOICE, MERCHANT, Mode.LIVE, refund,
                                                           new RefundSplit(usdt("12.50"), usdt("0.13"),
                                                                           usdt("12.37")),
                                                           "cancelled", CLOCK_NOW));
            fixture.given(settledAndFinal()).andGiven(requested(refund, "12.50", "0.13", "12.37"),
                                                      new InvoiceRefundReleased(INVOICE, MERCHANT, Mode.LIVE, refund,
                                                              new RefundSplit(usdt("12.50"), usdt("0.13"),
                                                                              usdt("12.37")), "cancelled", CLOCK_NOW))
                   .when(request(second, "12.50", CUSTOMER, Chain.TRON))
                   .expectEvents(requested(second, "12.50", "0.13", "12.37"));
        }
    }

    // --- settlement ----------------------------------------------------------------------------------------------

    @Nested
    class Settlement {
        private final InvoiceSettled settled = new InvoiceSettled(INVOICE, MERCHANT, SETTLEMENT, SETTLED_AT);
        private final Instant reorgAt = SETTLED_AT.plusSeconds(10);

        @Test
        void aSettledInvoiceWhosePaymentsAreAllFinalHasFinalMoney() {
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                                       paid(12_500_000, 0, false, CONFIRMED_AT), settled)
                                .when(new RecordPaymentFinal(INVOICE, PAYMENT_A, reorgAt))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoicePaymentFinal(INVOICE, MERCHANT, PAYMENT_A, reorgAt),
                                              new InvoiceSettlementFinal(INVOICE, MERCHANT, SETTLEMENT, reorgAt));
            expectStatus(result, InvoiceStatus.SETTLED);
        }

        @Test
        void paymentsFinalBeforeTheSettlementCompletedMakeItFinalWhenItDoes() {
            fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                          confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                          paid(12_500_000, 0, false, CONFIRMED_AT),
                          new InvoicePaymentFinal(INVOICE, MERCHANT, PAYMENT_A, CONFIRMED_AT.plusSeconds(5)))
                   .when(new MarkInvoiceSettled(INVOICE, SETTLEMENT, SETTLED_AT))
                   .expectEvents(new InvoiceSettled(INVOICE, MERCHANT, SETTLEMENT, SETTLED_AT),
                                 new InvoiceSettlementFinal(INVOICE, MERCHANT, SETTLEMENT, SETTLED_AT));
        }

        @Test
        void oneFinalPaymentOfTwoIsNotYetFinalMoney() {
            fixture.given(CREATED, detected(PAYMENT_A, 6_250_000, false, DETECTED_AT),
                          detected(PAYMENT_B, 6_250_000, false, DETECTED_B_AT),
                          confirmed(PAYMENT_A, 6_250_000, 6_250_000, InvoiceStatus.CONFIRMING, CONFIRMED_AT),
                          confirmed(PAYMENT_B, 6_250_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_B_AT),
                          paid(12_500_000, 0, false, CONFIRMED_B_AT), settled)
                   .when(new RecordPaymentFinal(INVOICE, PAYMENT_A, reorgAt))
                   .expectEvents(new InvoicePaymentFinal(INVOICE, MERCHANT, PAYMENT_A, reorgAt));
        }

        @Test
        void aReorgAfterSettlementTakesTheMoneyBackAndReversesTheSettlement() {
            // 1 required confirmation: paid, settled, then the payment's block left the chain before finality.
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                                       paid(12_500_000, 0, false, CONFIRMED_AT), settled)
                                .when(new ReverseInvoicePayment(INVOICE, PAYMENT_A, reorgAt))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoicePaymentReversed(INVOICE, MERCHANT, PAYMENT_A,
                                        units(12_500_000), false, SETTLEMENT, units(0), InvoiceStatus.PENDING,
                                        reorgAt));
            expectStatus(result, InvoiceStatus.PENDING);
        }

        @Test
        void paidAgainAfterAReversalItSettlesInANewRound() {
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                                       paid(12_500_000, 0, false, CONFIRMED_AT), settled,
                                       new InvoicePaymentReversed(INVOICE, MERCHANT, PAYMENT_A, units(12_500_000),
                                               false, SETTLEMENT, units(0), InvoiceStatus.PENDING, reorgAt),
                                       detected(PAYMENT_B, 12_500_000, false, reorgAt.plusSeconds(3)))
                                .when(confirm(PAYMENT_B, "12.50", reorgAt.plusSeconds(6)))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(confirmed(PAYMENT_B, 12_500_000, 12_500_000, InvoiceStatus.PAID,
                                                        reorgAt.plusSeconds(6)),
                                              new InvoicePaid(INVOICE, MERCHANT, units(12_500_000),
                                                      units(12_500_000), units(0), FEE_BPS, false,
                                                      reorgAt.plusSeconds(6), SettlementId.forInvoice(INVOICE, 2)));
            expectStatus(result, InvoiceStatus.PAID);
        }

        @Test
        void theReversedRoundsSettlementNoLongerSettlesTheInvoice() {
            fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                          confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                          paid(12_500_000, 0, false, CONFIRMED_AT),
                          new InvoicePaymentReversed(INVOICE, MERCHANT, PAYMENT_A, units(12_500_000), false,
                                                     SETTLEMENT, units(0), InvoiceStatus.PENDING, reorgAt))
                   .when(new MarkInvoiceSettled(INVOICE, SETTLEMENT, reorgAt.plusSeconds(1)))
                   .expectException(domainError(ErrorCode.INVALID_STATE))
                   .expectNoEvents();
        }

        @Test
        void reversingAnOverpaymentsExtraPaymentLeavesItPaidAndSettlesTheRestAgain() {
            // A (12.50) and B (1.00) paid it; B's block is reorganised away: A alone still pays it.
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       detected(PAYMENT_B, 1_000_000, false, DETECTED_B_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.CONFIRMING,
                                                 CONFIRMED_AT),
                                       confirmed(PAYMENT_B, 1_000_000, 13_500_000, InvoiceStatus.OVERPAID,
                                                 CONFIRMED_B_AT),
                                       paid(13_500_000, 1_000_000, false, CONFIRMED_B_AT))
                                .when(new ReverseInvoicePayment(INVOICE, PAYMENT_B, reorgAt))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoicePaymentReversed(INVOICE, MERCHANT, PAYMENT_B,
                                                      units(1_000_000), false, SETTLEMENT, units(12_500_000),
                                                      InvoiceStatus.PAID, reorgAt),
                                              new InvoicePaid(INVOICE, MERCHANT, units(12_500_000),
                                                      units(12_500_000), units(0), FEE_BPS, false, reorgAt,
                                                      SettlementId.forInvoice(INVOICE, 2)));
            expectStatus(result, InvoiceStatus.PAID);
        }

        @Test
        void aReversedPaymentOfUnappliedFundsLeavesTheInvoiceAsItIs() {
            InvoicePaymentUnapplied extra = unapplied(PAYMENT_B, 1_000_000, UnappliedReason.INVOICE_ALREADY_PAID,
                                                      12_500_000, InvoiceStatus.PAID, CONFIRMED_B_AT);
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                                       paid(12_500_000, 0, false, CONFIRMED_AT),
                                       detected(PAYMENT_B, 1_000_000, false, DETECTED_B_AT), extra)
                                .when(new ReverseInvoicePayment(INVOICE, PAYMENT_B, reorgAt))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoicePaymentReversed(INVOICE, MERCHANT, PAYMENT_B,
                                        units(1_000_000), true, null, units(12_500_000), InvoiceStatus.PAID,
                                        reorgAt));
            expectStatus(result, InvoiceStatus.PAID);
        }

        @Test
        void aPaidInvoiceIsMarkedSettled() {
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                                       paid(12_500_000, 0, false, CONFIRMED_AT))
                                .when(new MarkInvoiceSettled(INVOICE, SETTLEMENT, SETTLED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoiceSettled(INVOICE, MERCHANT, SETTLEMENT, SETTLED_AT));
            expectStatus(result, InvoiceStatus.SETTLED);
        }

        @Test
        void anAcceptedLatePaymentIsMarkedSettled() {
            var result = fixture.given(CREATED, new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT),
                                       detected(PAYMENT_A, 12_500_000, true, LATE_DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID_LATE,
                                                 LATE_CONFIRMED_AT),
                                       paid(12_500_000, 0, true, CLOCK_NOW))
                                .when(new MarkInvoiceSettled(INVOICE, SETTLEMENT, SETTLED_AT))
                                .expectSuccessfulHandlerExecution()
                                .expectEvents(new InvoiceSettled(INVOICE, MERCHANT, SETTLEMENT, SETTLED_AT));
            expectStatus(result, InvoiceStatus.SETTLED);
        }

        @Test
        void markingSettledTwiceChangesNothing() {
            var result = fixture.given(CREATED, detected(PAYMENT_A, 12_500_000, false, DETECTED_AT),
                                       confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID, CONFIRMED_AT),
                                       paid(12_500_000, 0, false, CONFIRMED_AT),
                                       new InvoiceSettled(INVOICE, MERCHANT, SETTLEMENT, SETTLED_AT))
                                .when(new MarkInvoiceSettled(INVOICE, SETTLEMENT, SETTLED_AT.plusSeconds(5)))
                                .expectSuccessfulHandlerExecution()
                                .expectNoEvents();
            expectStatus(result, InvoiceStatus.SETTLED);
        }

        @Test
        void aLatePaymentTheMerchantHasNotAcceptedCannotBeSettled() {
            fixture.given(CREATED, new InvoiceExpired(INVOICE, MERCHANT, EXPIRES_AT),
                          detected(PAYMENT_A, 12_500_000, true, LATE_DETECTED_AT),
                          confirmed(PAYMENT_A, 12_500_000, 12_500_000, InvoiceStatus.PAID_LATE, LATE_CONFIRMED_AT))
                   .when(new MarkInvoiceSettled(INVOICE, SETTLEMENT, SETTLED_AT))
                   .expectException(domainError(ErrorCode.INVALID_STATE))
                   .expectNoEvents();
        }

        @Test
        void aPendingInvoiceCannotBeSettled() {
            fixture.given(CREATED)
                   .when(new MarkInvoiceSettled(INVOICE, SETTLEMENT, SETTLED_AT))
                   .expectException(domainError(ErrorCode.INVALID_STATE))
                   .expectNoEvents();
        }
    }
}
