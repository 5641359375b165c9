package dev.tally.saga.payment;

import dev.tally.kernel.attention.RecordSagaRefusal;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.saga.SagaCommands;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.invoice.ApplyConfirmedPayment;
import dev.tally.kernel.invoice.RegisterInvoicePayment;
import dev.tally.kernel.invoice.WithdrawInvoicePayment;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.EscalateStuckPayment;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.RecordPaymentFinal;
import dev.tally.kernel.invoice.ReverseInvoicePayment;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentFinalized;
import dev.tally.kernel.payment.PaymentReversed;
import dev.tally.kernel.settlement.ReverseSettlement;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.platform.axon.CommandErrorDetails;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.tally.saga.payment.PaymentConfirmationSaga.ORPHANED_REASON;
import static dev.tally.saga.payment.PaymentConfirmationSaga.STUCK_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * The confirmation saga as a story: a 250 USDT payment on Tron to an invoice that requires 12 confirmations, detected
 * at 09:15, and what the invoice is told as the payment moves on.
 */
class PaymentConfirmationSagaTest {

    private static final String TX_HASH = "7c3f1e9a52b04d8e6a1f0c2b9d4e7a35c8b1f06e2d9a4c7b3e5f8a1d0c6b2e94";
    private static final PaymentId PAYMENT = PaymentId.of(Chain.TRON, TX_HASH, 0);
    private static final InvoiceId INVOICE = InvoiceId.of("inv_4Xq9TzR2mLk7VbN3cW8pYs");
    private static final MerchantId MERCHANT = MerchantId.of("mer_8hJ2kQ5vLw9ZxT4nR7bC1d");
    private static final TokenAmount AMOUNT = TokenAmount.ofBaseUnits(Asset.USDT, 250_000_000L);
    private static final int REQUIRED_CONFIRMATIONS = 12;
    private static final String BLOCK_HASH = "0000000003a1f7c2e94b6d8a5c3e1f0b7d2a9c4e6f8b1a3d5c7e9f0a2b4c6d8e";
    private static final String CANONICAL_BLOCK_HASH = "0000000003a1f7c3b5d9e2a4c6f8b0d1e3a5c7f9b2d4e6a8c0f1b3d5e7a9c2f4";

    private static final Duration STUCK_AFTER = Duration.ofMinutes(30);
    private static final Instant DETECTED_AT = Instant.parse("2025-06-02T09:15:00Z");
    private static final Instant IN_BLOCK_AT = DETECTED_AT.plusSeconds(6);
    private static final Instant ORPHANED_AT = DETECTED_AT.plus(Duration.ofMinutes(1));
    private static final Instant REDETECTED_AT = DETECTED_AT.plus(Duration.ofMinutes(2));

    private SagaTestFixture<PaymentConfirmationSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PaymentConfirmationSaga.class);
        PaymentSagaProperties properties = new PaymentSagaProperties();
        properties.setStuckAfter(STUCK_AFTER);
        fixture.registerResource(properties);
        fixture.givenCurrentTime(DETECTED_AT);
    }

    @Test
    void aDetectedPaymentIsRegisteredWithTheInvoiceAndWatchedForBeingStuck() throws Exception {
        fixture.givenNoPriorActivity()
               .whenPublishingA(detected(1, DETECTED_AT))
               .expectDispatchedCommands(new RegisterInvoicePayment(INVOICE, PAYMENT, AMOUNT, DETECTED_AT))
               .expectScheduledDeadlineWithName(DETECTED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectAssociationWith("paymentId", PAYMENT)
               .expectAssociationWith("invoiceId", INVOICE)
               .expectActiveSagas(1);
    }

    @Test
    void aBlockInclusionAloneTellsTheInvoiceNothing() throws Exception {
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .whenPublishingA(inBlock(1))
               .expectNoDispatchedCommands()
               .expectScheduledDeadlineWithName(DETECTED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectActiveSagas(1);
    }

    @Test
    void aConfirmedPaymentIsAppliedToTheInvoiceAndTheSagaWaitsForFinality() throws Exception {
        Instant confirmedAt = DETECTED_AT.plus(Duration.ofSeconds(40));
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(inBlock(1))
               .whenPublishingA(confirmed(confirmedAt))
               .expectDispatchedCommands(new ApplyConfirmedPayment(INVOICE, PAYMENT, AMOUNT, confirmedAt))
               .expectNoScheduledDeadlineWithName(DETECTED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectNoScheduledDeadlines()
               .expectActiveSagas(1);
    }

    @Test
    void aPaymentConfirmedTwiceIsAppliedOnce() throws Exception {
        Instant confirmedAt = DETECTED_AT.plus(Duration.ofSeconds(40));
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(confirmed(confirmedAt))
               .whenPublishingA(confirmed(confirmedAt))
               .expectNoDispatchedCommands()
               .expectActiveSagas(1);
    }

    @Test
    void aFinalPaymentIsToldToTheInvoiceAndEndsTheSaga() throws Exception {
        Instant confirmedAt = DETECTED_AT.plus(Duration.ofSeconds(40));
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(confirmed(confirmedAt))
               .whenPublishingA(new PaymentFinalized(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK_HASH,
                                                     confirmedAt.plusSeconds(60)))
               .expectDispatchedCommands(new RecordPaymentFinal(INVOICE, PAYMENT, confirmedAt.plusSeconds(60)))
               .expectActiveSagas(0);
    }

    @Test
    void aReorgAfterConfirmationTakesTheMoneyBackOutOfTheInvoiceOnce() throws Exception {
        Instant confirmedAt = DETECTED_AT.plus(Duration.ofSeconds(40));
        PaymentReversed reversed = new PaymentReversed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK_HASH,
                                                       confirmedAt.plusSeconds(3));
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(confirmed(confirmedAt))
               .whenPublishingA(reversed)
               .expectDispatchedCommands(new ReverseInvoicePayment(INVOICE, PAYMENT, confirmedAt.plusSeconds(3)))
               .expectActiveSagas(1);
    }

    @Test
    void aReversalDeliveredTwiceTakesTheMoneyBackOnce() throws Exception {
        Instant confirmedAt = DETECTED_AT.plus(Duration.ofSeconds(40));
        PaymentReversed reversed = new PaymentReversed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK_HASH,
                                                       confirmedAt.plusSeconds(3));
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(confirmed(confirmedAt))
               .andThenAPublished(reversed)
               .whenPublishingA(reversed)
               .expectNoDispatchedCommands();
    }

    @Test
    void whenTheInvoiceHadBeenPaidItsSettlementIsReversedInTheSameStep() throws Exception {
        Instant at = DETECTED_AT.plus(Duration.ofSeconds(43));
        SettlementId settlement = SettlementId.forInvoice(INVOICE);
        // The invoice answers the reversal with the settlement it took back.
        fixture.setCallbackBehavior((payload, metaData) -> payload instanceof ReverseInvoicePayment ? settlement : null);
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(confirmed(at.minusSeconds(3)))
               .whenPublishingA(new PaymentReversed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK_HASH, at))
               .expectDispatchedCommands(new ReverseInvoicePayment(INVOICE, PAYMENT, at),
                                         new ReverseSettlement(settlement, PaymentConfirmationSaga.REVERSED_REASON,
                                                               at));
    }

    @Test
    void aRevertedPaymentIsWithdrawnFromTheInvoiceAndTheSagaEnds() throws Exception {
        Instant failedAt = DETECTED_AT.plusSeconds(9);
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .whenPublishingA(new PaymentFailed(PAYMENT, INVOICE, MERCHANT, AMOUNT, "REVERT: transfer failed",
                                                  failedAt))
               .expectDispatchedCommands(
                       new WithdrawInvoicePayment(INVOICE, PAYMENT, "REVERT: transfer failed", failedAt))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);
    }

    @Test
    void aPaymentOrphanedOneConfirmationShortIsWithdrawnButStillAwaited() throws Exception {
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(inBlock(1))
               // confirmations 2 to 11 cross no milestone and emit no event
               .andThenTimeAdvancesTo(ORPHANED_AT)
               .whenPublishingA(orphaned())
               .expectDispatchedCommands(new WithdrawInvoicePayment(INVOICE, PAYMENT, ORPHANED_REASON, ORPHANED_AT))
               .expectScheduledDeadlineWithName(ORPHANED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectNoScheduledDeadlineWithName(DETECTED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectActiveSagas(1);
    }

    @Test
    void anOrphanedPaymentSeenAgainIsRegisteredAgain() throws Exception {
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(inBlock(1))
               .andThenTimeAdvancesTo(ORPHANED_AT)
               .andThenAPublished(orphaned())
               .andThenTimeAdvancesTo(REDETECTED_AT)
               .whenPublishingA(detected(2, REDETECTED_AT))
               .expectDispatchedCommands(new RegisterInvoicePayment(INVOICE, PAYMENT, AMOUNT, REDETECTED_AT))
               .expectScheduledDeadlineWithName(REDETECTED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectNoScheduledDeadlineWithName(ORPHANED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectActiveSagas(1);
    }

    @Test
    void anOrphanedPaymentSeenAgainAndConfirmedIsAppliedToTheInvoice() throws Exception {
        Instant confirmedAt = REDETECTED_AT.plus(Duration.ofSeconds(40));
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(inBlock(1))
               .andThenAPublished(orphaned())
               .andThenAPublished(detected(2, REDETECTED_AT))
               .andThenAPublished(new PaymentIncludedInBlock(PAYMENT, INVOICE, 61_200_455L, CANONICAL_BLOCK_HASH,
                                                             1, REDETECTED_AT.plusSeconds(3)))
               .whenPublishingA(new PaymentConfirmed(PAYMENT, INVOICE, MERCHANT, AMOUNT, CANONICAL_BLOCK_HASH,
                                                     REQUIRED_CONFIRMATIONS, confirmedAt))
               .expectDispatchedCommands(new ApplyConfirmedPayment(INVOICE, PAYMENT, AMOUNT, confirmedAt))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(1);
    }

    @Test
    void aPaymentDetectedTwiceIsRegisteredOnce() throws Exception {
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .whenPublishingA(detected(1, DETECTED_AT))
               .expectNoDispatchedCommands()
               .expectScheduledDeadlineWithName(DETECTED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectActiveSagas(1);
    }

    @Test
    void aReDetectionDeliveredTwiceIsRegisteredOnce() throws Exception {
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(orphaned())
               .andThenAPublished(detected(2, REDETECTED_AT))
               .whenPublishingA(detected(2, REDETECTED_AT))
               .expectNoDispatchedCommands()
               .expectActiveSagas(1);
    }

    @Test
    void anOrphanDeliveredTwiceIsWithdrawnOnce() throws Exception {
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(orphaned())
               .whenPublishingA(orphaned())
               .expectNoDispatchedCommands()
               .expectScheduledDeadlineWithName(ORPHANED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectActiveSagas(1);
    }

    @Test
    void anOrphanThatFailsIsNotWithdrawnTwice() throws Exception {
        Instant failedAt = ORPHANED_AT.plusSeconds(30);
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(orphaned())
               .whenPublishingA(new PaymentFailed(PAYMENT, INVOICE, MERCHANT, AMOUNT, "REVERT: transfer failed",
                                                  failedAt))
               .expectNoDispatchedCommands()
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);
    }

    @Test
    void aPaymentIsNotEscalatedBeforeItHasBeenUnresolvedForStuckAfter() throws Exception {
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .whenTimeElapses(STUCK_AFTER.minusSeconds(1))
               .expectNoDispatchedCommands()
               .expectScheduledDeadlineWithName(DETECTED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectActiveSagas(1);
    }

    @Test
    void aPaymentUnresolvedForStuckAfterIsEscalatedOnceAndStillAwaited() throws Exception {
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(inBlock(1))
               .whenTimeElapses(STUCK_AFTER)
               .expectTriggeredDeadlinesWithName(STUCK_DEADLINE)
               .expectDispatchedCommands(new EscalateStuckPayment(PAYMENT, DETECTED_AT.plus(STUCK_AFTER)))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(1);
    }

    @Test
    void anOrphanThatNeverReturnsIsEscalated() throws Exception {
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(inBlock(1))
               .andThenTimeAdvancesTo(ORPHANED_AT)
               .andThenAPublished(orphaned())
               .whenTimeAdvancesTo(ORPHANED_AT.plus(STUCK_AFTER))
               .expectDispatchedCommands(new EscalateStuckPayment(PAYMENT, ORPHANED_AT.plus(STUCK_AFTER)))
               .expectActiveSagas(1);
    }

    @Test
    void anEscalatedPaymentOrphanedLaterIsNotWatchedAgain() throws Exception {
        Instant orphanedAt = DETECTED_AT.plus(STUCK_AFTER).plusSeconds(5);
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenTimeElapses(STUCK_AFTER)
               .whenPublishingA(orphaned(orphanedAt))
               .expectDispatchedCommands(new WithdrawInvoicePayment(INVOICE, PAYMENT, ORPHANED_REASON, orphanedAt))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(1);
    }

    @Test
    void anEscalatedPaymentIsNotEscalatedAgain() throws Exception {
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenTimeElapses(STUCK_AFTER)
               .andThenAPublished(orphaned(DETECTED_AT.plus(STUCK_AFTER).plusSeconds(5)))
               .andThenAPublished(detected(2, DETECTED_AT.plus(STUCK_AFTER).plusSeconds(20)))
               .whenTimeElapses(Duration.ofHours(2))
               .expectNoDispatchedCommands()
               .expectNoScheduledDeadlines()
               .expectActiveSagas(1);
    }

    @Test
    void anEscalatedPaymentThatConfirmsLateIsStillAppliedToTheInvoice() throws Exception {
        Instant confirmedAt = DETECTED_AT.plus(Duration.ofMinutes(47));
        fixture.givenAPublished(detected(1, DETECTED_AT))
               .andThenTimeElapses(STUCK_AFTER)
               .whenPublishingA(confirmed(confirmedAt))
               .expectDispatchedCommands(new ApplyConfirmedPayment(INVOICE, PAYMENT, AMOUNT, confirmedAt))
               .expectActiveSagas(1);
    }

    /** A refusal is recorded as an event of its own (work that needs a person), and the saga goes on. */
    @Test
    void anInvoiceThatRefusesThePaymentDoesNotHoldUpTheSagaAndTheRefusalIsRecorded() throws Exception {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof RecordSagaRefusal) {
                return null;
            }
            throw new CommandExecutionException("invoice " + INVOICE + " is CANCELLED", null,
                                                new CommandErrorDetails(ErrorCode.INVALID_STATE, "cancelled"));
        });
        RegisterInvoicePayment refused = new RegisterInvoicePayment(INVOICE, PAYMENT, AMOUNT, DETECTED_AT);
        fixture.givenNoPriorActivity()
               .whenPublishingA(detected(1, DETECTED_AT))
               .expectSuccessfulHandlerExecution()
               .expectDispatchedCommands(refused, new RecordSagaRefusal(
                       SagaCommands.refusalId("PaymentConfirmationSaga", refused, "INVALID_STATE"), null, INVOICE,
                       "PaymentConfirmationSaga", "RegisterInvoicePayment", "INVALID_STATE", "cancelled",
                       fixture.currentTime()))
               .expectScheduledDeadlineWithName(DETECTED_AT.plus(STUCK_AFTER), STUCK_DEADLINE)
               .expectActiveSagas(1);
    }

    /** The event fails out of the saga; in the application the processor rolls back and retries it. */
    @Test
    void anInvoiceThatCannotBeReachedFailsTheEventSoItIsRetried() throws Exception {
        List<Exception> failures = new ArrayList<>();
        fixture.registerListenerInvocationErrorHandler((exception, event, handler) -> failures.add(exception));
        fixture.setCallbackBehavior((command, metaData) -> {
            throw new IllegalStateException("connection refused");
        });
        fixture.givenNoPriorActivity()
               .whenPublishingA(detected(1, DETECTED_AT))
               .expectDispatchedCommands(new RegisterInvoicePayment(INVOICE, PAYMENT, AMOUNT, DETECTED_AT))
               .expectNoScheduledDeadlines();
        assertThat(failures).extracting(Exception::getMessage).containsExactly("connection refused");
    }

    /** db-scheduler delivers at least once; the fixture cannot fire one deadline twice, so the saga is driven directly. */
    @Test
    void aStuckDeadlineDeliveredTwiceEscalatesOnce() {
        PaymentConfirmationSaga saga = new PaymentConfirmationSaga();
        saga.setPaymentId(PAYMENT.value());
        saga.setInvoiceId(INVOICE.value());
        saga.setDetection(1);
        saga.setCounted(true);
        CommandGateway commands = mock(CommandGateway.class);
        Instant firedAt = DETECTED_AT.plus(STUCK_AFTER);

        saga.onStuck(firedAt, commands);
        saga.onStuck(firedAt.plusSeconds(12), commands);

        verify(commands, times(1)).sendAndWait(eq(new EscalateStuckPayment(PAYMENT, firedAt)), anyLong(), any());
        verifyNoMoreInteractions(commands);
        assertThat(saga.isEscalated()).isTrue();
    }

    private static PaymentDetected detected(int detection, Instant at) {
        return new PaymentDetected(PAYMENT, INVOICE, MERCHANT, Chain.TRON, TX_HASH, 0,
                                   "TQrY8tryqsYVCYS3MFbtffiPp2ccyn4STm", "TJ4v1PvVcDL6rpyGo1cVbkTC7x8W6GT2cL",
                                   AMOUNT, REQUIRED_CONFIRMATIONS, detection, at, null);
    }

    private static PaymentIncludedInBlock inBlock(int confirmations) {
        return new PaymentIncludedInBlock(PAYMENT, INVOICE, 61_200_431L, BLOCK_HASH, confirmations, IN_BLOCK_AT);
    }

    private static PaymentOrphaned orphaned() {
        return orphaned(ORPHANED_AT);
    }

    private static PaymentOrphaned orphaned(Instant at) {
        return new PaymentOrphaned(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK_HASH, at);
    }

    private static PaymentConfirmed confirmed(Instant at) {
        return new PaymentConfirmed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK_HASH, REQUIRED_CONFIRMATIONS, at);
    }
}
