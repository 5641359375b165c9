package dev.tally.command.payment;

import dev.tally.command.CommandSideProperties;
import dev.tally.command.address.DepositAddressBook;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.EscalateStuckPayment;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentFinalized;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.payment.PaymentReversed;
import dev.tally.kernel.payment.PaymentStatus;
import dev.tally.kernel.payment.PaymentStuck;
import dev.tally.kernel.payment.RecordConfirmations;
import dev.tally.kernel.payment.RecordTransfer;
import dev.tally.kernel.payment.RecordTransferFailed;
import dev.tally.kernel.payment.RecordTransferOrphaned;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/**
 * The payment's milestones from observations that arrive at least once and in any order. Creation (matching the
 * deposit address to an invoice) needs the address book in PostgreSQL and is covered by the launcher's
 * PaymentFlowTest; here the payment exists already.
 */
class PaymentTest {
    private static final String TX = "a".repeat(64);
    private static final PaymentId PAYMENT = PaymentId.of(Chain.TRON, TX, 0);
    private static final InvoiceId INVOICE = InvoiceId.of("inv_0000000000000000000001");
    private static final MerchantId MERCHANT = MerchantId.of("mer_0000000000000000000001");
    private static final TokenAmount AMOUNT = TokenAmount.parse("150", Asset.USDT);
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final String BLOCK = "b".repeat(64);
    private static final String OTHER_BLOCK = "c".repeat(64);

    private FixtureConfiguration<Payment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
        // Creation handlers need these; the paths tested here never reach the database.
        fixture.registerInjectableResource(new DepositAddressBook(null));
        fixture.registerInjectableResource(new CommandSideProperties());
    }

    private static PaymentDetected detected(int detection) {
        return new PaymentDetected(PAYMENT, INVOICE, MERCHANT, Chain.TRON, TX, 0, "TFrom", "TTo", AMOUNT, 12,
                                   detection, T0, null);
    }

    private static PaymentIncludedInBlock included(int confirmations) {
        return new PaymentIncludedInBlock(PAYMENT, INVOICE, 100L, BLOCK, confirmations, T0.plusSeconds(3));
    }

    private static TransferObserved seen(String block, Long number, Instant at) {
        return new TransferObserved(Chain.TRON, TX, 0, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TFrom", "TTo", AMOUNT,
                                    number, block, at);
    }

    /** A small payment: 1 required confirmation, confirmed by the very report of its block. */
    private static PaymentDetected detectedAtOneConfirmation() {
        return new PaymentDetected(PAYMENT, INVOICE, MERCHANT, Chain.TRON, TX, 0, "TFrom", "TTo", AMOUNT, 1, 1, T0,
                                   T0.minusSeconds(2));
    }

    private static PaymentConfirmed confirmedAt(int confirmations) {
        return new PaymentConfirmed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, confirmations, T0.plusSeconds(3));
    }

    @Test
    void aConfirmedPaymentIsFinalWhenTheChainSaysItsBlockIs() {
        fixture.given(detectedAtOneConfirmation(), included(1), confirmedAt(1))
               .when(new RecordConfirmations(PAYMENT, BLOCK, 6, true, T0.plusSeconds(18)))
               .expectEvents(new PaymentFinalized(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, T0.plusSeconds(18)));
    }

    @Test
    void confirmationsWithoutFinalityLeaveAConfirmedPaymentAsItIs() {
        fixture.given(detectedAtOneConfirmation(), included(1), confirmedAt(1))
               .when(new RecordConfirmations(PAYMENT, BLOCK, 5, false, T0.plusSeconds(15)))
               .expectNoEvents();
    }

    @Test
    void aReorgAfterConfirmationAtOneConfirmationReversesThePayment() {
        // Confirmed by its first block, then that block left the chain before it was final: the money is gone.
        fixture.given(detectedAtOneConfirmation(), included(1), confirmedAt(1))
               .when(new RecordTransferOrphaned(PAYMENT, BLOCK, T0.plusSeconds(6)))
               .expectEvents(new PaymentReversed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, T0.plusSeconds(6)));
    }

    @Test
    void aReversedPaymentSeenAgainInAnotherBlockIsDetectedAnew() {
        PaymentReversed reversed = new PaymentReversed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, T0.plusSeconds(6));
        fixture.given(detectedAtOneConfirmation(), included(1), confirmedAt(1), reversed)
               .when(new RecordTransfer(PAYMENT, seen(OTHER_BLOCK, 101L, T0.plusSeconds(9))))
               .expectEvents(new PaymentDetected(PAYMENT, INVOICE, MERCHANT, Chain.TRON, TX, 0, "TFrom", "TTo", AMOUNT,
                                                 1, 2, T0.plusSeconds(9), null),
                             new PaymentIncludedInBlock(PAYMENT, INVOICE, 101L, OTHER_BLOCK, 1, T0.plusSeconds(9)),
                             new PaymentConfirmed(PAYMENT, INVOICE, MERCHANT, AMOUNT, OTHER_BLOCK, 1,
                                                  T0.plusSeconds(9)));
    }

    @Test
    void aFinalPaymentCannotBeReversed() {
        fixture.given(detectedAtOneConfirmation(), included(1), confirmedAt(1),
                      new PaymentFinalized(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, T0.plusSeconds(18)))
               .when(new RecordTransferOrphaned(PAYMENT, BLOCK, T0.plusSeconds(20)))
               .expectNoEvents();
    }

    @Test
    void aReorgOfAnotherBlockLeavesAConfirmedPaymentAlone() {
        fixture.given(detectedAtOneConfirmation(), included(1), confirmedAt(1))
               .when(new RecordTransferOrphaned(PAYMENT, OTHER_BLOCK, T0.plusSeconds(6)))
               .expectNoEvents();
    }

    @Test
    void aDetectedTransferSeenInABlockStartsConfirming() {
        fixture.given(detected(1))
               .when(new RecordTransfer(PAYMENT, seen(BLOCK, 100L, T0.plusSeconds(3))))
               .expectEvents(included(1));
    }

    @Test
    void confirmationsBelowTheThresholdCrossNoMilestoneAndEmitNothing() {
        fixture.given(detected(1), included(1))
               .when(new RecordConfirmations(PAYMENT, BLOCK, 11, T0.plusSeconds(60)))
               .expectNoEvents();
    }

    @Test
    void reachingTheInvoicesThresholdConfirmsThePaymentOnce() {
        fixture.given(detected(1), included(1))
               .when(new RecordConfirmations(PAYMENT, BLOCK, 12, T0.plusSeconds(60)))
               .expectEvents(new PaymentConfirmed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, 12, T0.plusSeconds(60)));
        fixture.given(detected(1), included(1),
                      new PaymentConfirmed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, 12, T0.plusSeconds(60)))
               .when(new RecordConfirmations(PAYMENT, BLOCK, 13, T0.plusSeconds(63)))
               .expectNoEvents();
    }

    @Test
    void confirmationsArrivingBeforeTheInclusionReportStillCountOnce() {
        fixture.given(detected(1))
               .when(new RecordConfirmations(PAYMENT, BLOCK, 12, T0.plusSeconds(60)))
               .expectEvents(new PaymentIncludedInBlock(PAYMENT, INVOICE, null, BLOCK, 12, T0.plusSeconds(60)),
                             new PaymentConfirmed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, 12, T0.plusSeconds(60)));
    }

    @Test
    void confirmationsOfAnotherBlockAreStaleAndIgnored() {
        fixture.given(detected(1), included(1))
               .when(new RecordConfirmations(PAYMENT, OTHER_BLOCK, 30, T0.plusSeconds(90)))
               .expectNoEvents();
    }

    @Test
    void theSameTransferReportedTenTimesChangesNothing() {
        var testExecutor = fixture.given(detected(1), included(1));
        for (int i = 0; i < 9; i++) {
            testExecutor = testExecutor.andGivenCommands(new RecordTransfer(PAYMENT, seen(BLOCK, 100L, T0)));
        }
        testExecutor.when(new RecordTransfer(PAYMENT, seen(BLOCK, 100L, T0))).expectNoEvents();
    }

    @Test
    void aFailureAfterDetectionIsFinal() {
        fixture.given(detected(1))
               .when(new RecordTransferFailed(PAYMENT, "REVERT", T0.plusSeconds(3)))
               .expectEvents(new PaymentFailed(PAYMENT, INVOICE, MERCHANT, AMOUNT, "REVERT", T0.plusSeconds(3)));
        fixture.given(detected(1), new PaymentFailed(PAYMENT, INVOICE, MERCHANT, AMOUNT, "REVERT", T0))
               .when(new RecordTransfer(PAYMENT, seen(BLOCK, 100L, T0.plusSeconds(9))))
               .expectNoEvents();
    }

    @Test
    void anOrphanAtConfirmationNMinusOneIsNotConfirmedAndMayBeSeenAgain() {
        fixture.given(detected(1), included(1))
               .andGivenCommands(new RecordConfirmations(PAYMENT, BLOCK, 11, T0.plusSeconds(40)))
               .when(new RecordTransferOrphaned(PAYMENT, BLOCK, T0.plusSeconds(41)))
               .expectEvents(new PaymentOrphaned(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, T0.plusSeconds(41)));

        PaymentOrphaned orphaned = new PaymentOrphaned(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, T0.plusSeconds(41));
        // Confirmations of the orphaned block no longer count.
        fixture.given(detected(1), included(1), orphaned)
               .when(new RecordConfirmations(PAYMENT, BLOCK, 12, T0.plusSeconds(44)))
               .expectNoEvents();
        // Seen again in another block: detected anew (second detection), then confirmed there.
        fixture.given(detected(1), included(1), orphaned)
               .when(new RecordTransfer(PAYMENT, seen(OTHER_BLOCK, 101L, T0.plusSeconds(50))))
               .expectEvents(new PaymentDetected(PAYMENT, INVOICE, MERCHANT, Chain.TRON, TX, 0, "TFrom", "TTo", AMOUNT,
                                                 12, 2, T0.plusSeconds(50), null),
                             new PaymentIncludedInBlock(PAYMENT, INVOICE, 101L, OTHER_BLOCK, 1, T0.plusSeconds(50)));
    }

    @Test
    void anOrphanReportForAnotherBlockIsIgnored() {
        fixture.given(detected(1), included(1))
               .when(new RecordTransferOrphaned(PAYMENT, OTHER_BLOCK, T0.plusSeconds(41)))
               .expectNoEvents();
    }

    @Test
    void aConfirmedPaymentIsNeverFailedAfterwards() {
        PaymentConfirmed confirmed = new PaymentConfirmed(PAYMENT, INVOICE, MERCHANT, AMOUNT, BLOCK, 12, T0);
        fixture.given(detected(1), included(1), confirmed)
               .when(new RecordTransferFailed(PAYMENT, "late revert", T0.plusSeconds(99)))
               .expectNoEvents();
    }

    @Test
    void aSmallPaymentNeedingOneConfirmationIsConfirmedWhenIncluded() {
        PaymentDetected small = new PaymentDetected(PAYMENT, INVOICE, MERCHANT, Chain.TRON, TX, 0, "TFrom", "TTo",
                                                    TokenAmount.parse("5", Asset.USDT), 1, 1, T0, null);
        fixture.given(small)
               .when(new RecordTransfer(PAYMENT, seen(BLOCK, 100L, T0.plusSeconds(3))))
               .expectEvents(new PaymentIncludedInBlock(PAYMENT, INVOICE, 100L, BLOCK, 1, T0.plusSeconds(3)),
                             new PaymentConfirmed(PAYMENT, INVOICE, MERCHANT, TokenAmount.parse("5", Asset.USDT),
                                                  BLOCK, 1, T0.plusSeconds(3)));
    }

    @Test
    void aStuckPaymentIsEscalatedForTheOperatorButNotAResolvedOne() {
        fixture.given(detected(1), included(1))
               .when(new EscalateStuckPayment(PAYMENT, T0.plusSeconds(1800)))
               .expectEvents(new PaymentStuck(PAYMENT, INVOICE, MERCHANT, PaymentStatus.CONFIRMING, T0,
                                              T0.plusSeconds(1800)));
        fixture.given(detected(1), new PaymentFailed(PAYMENT, INVOICE, MERCHANT, AMOUNT, "REVERT", T0))
               .when(new EscalateStuckPayment(PAYMENT, T0.plusSeconds(1800)))
               .expectNoEvents();
    }
}
