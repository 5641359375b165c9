package dev.tally.command.payout;

import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payout.ConfirmPayout;
import dev.tally.kernel.payout.CreatePayout;
import dev.tally.kernel.payout.FailPayout;
import dev.tally.kernel.payout.PayoutBroadcast;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.payout.PayoutStatus;
import dev.tally.kernel.payout.RecordPayoutBroadcast;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.tally.command.DomainErrors.domainError;
import static org.hamcrest.Matchers.containsString;

/** A payout has one transaction: it is confirmed or failed only with the hash it was broadcast with, once. */
class PayoutTest {
    private static final Instant AT = Instant.parse("2026-03-14T09:20:00Z");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final FundsId FUNDS = FundsId.of(MERCHANT, Mode.TEST);
    private static final PayoutId PAYOUT = PayoutId.of("po_5mT9xQ2mLp7vRz8w");
    private static final String TO = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
    private static final TokenAmount AMOUNT = TokenAmount.parse("6.00", Asset.USDT);

    private static final PayoutCreated CREATED = new PayoutCreated(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO,
                                                                   AMOUNT, AT, PayoutStatus.PENDING, PayoutTrigger.MANUAL);
    private static final PayoutBroadcast BROADCAST = new PayoutBroadcast(PAYOUT, FUNDS, MERCHANT, Mode.TEST,
                                                                         Chain.TRON, TO, AMOUNT, "aa11", AT,
                                                                         PayoutStatus.BROADCAST, PayoutTrigger.MANUAL);

    private AggregateTestFixture<Payout> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payout.class);
    }

    @Test
    void aPayoutIsCreatedPendingThenBroadcastThenConfirmed() {
        fixture.givenNoPriorActivity()
               .when(new CreatePayout(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO, AMOUNT, AT,
                                      PayoutTrigger.MANUAL, null))
               .expectEvents(CREATED);
        fixture.given(CREATED)
               .when(new RecordPayoutBroadcast(PAYOUT, "aa11", AT))
               .expectEvents(BROADCAST);
        fixture.given(CREATED, BROADCAST)
               .when(new ConfirmPayout(PAYOUT, "aa11", 42, AT))
               .expectEvents(new PayoutConfirmed(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO, AMOUNT, "aa11", 42,
                                                 AT, PayoutStatus.CONFIRMED, PayoutTrigger.MANUAL));
    }

    @Test
    void theSameStepTwiceChangesNothing() {
        fixture.given(CREATED, BROADCAST)
               .when(new RecordPayoutBroadcast(PAYOUT, "aa11", AT))
               .expectNoEvents();
        fixture.given(CREATED, BROADCAST, new PayoutConfirmed(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO,
                                                              AMOUNT, "aa11", 42, AT, PayoutStatus.CONFIRMED, PayoutTrigger.MANUAL))
               .when(new ConfirmPayout(PAYOUT, "aa11", 42, AT))
               .expectNoEvents();
        // Its broadcast delivered again after it was confirmed is no error either (the sender's event redelivered).
        fixture.given(CREATED, BROADCAST, new PayoutConfirmed(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO,
                                                              AMOUNT, "aa11", 42, AT, PayoutStatus.CONFIRMED, PayoutTrigger.MANUAL))
               .when(new RecordPayoutBroadcast(PAYOUT, "aa11", AT))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    /**
     * Prevents: a stuck transaction's replacement (the same nonce, higher fees) refused, the payout confirmed by a
     * transaction that is not one of its own, or a payout that ended getting another transaction.
     */
    @Test
    void aReplacementIsRecordedAndWhicheverOfItsTransactionsIsMinedConfirmsIt() {
        PayoutBroadcast replaced = new PayoutBroadcast(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO, AMOUNT,
                                                       "bb22", AT, PayoutStatus.BROADCAST, PayoutTrigger.MANUAL);
        fixture.given(CREATED, BROADCAST)
               .when(new RecordPayoutBroadcast(PAYOUT, "bb22", AT))
               .expectEvents(replaced);
        fixture.given(CREATED, BROADCAST, replaced)
               .when(new RecordPayoutBroadcast(PAYOUT, "aa11", AT))
               .expectNoEvents();
        // The replaced transaction was the one mined: it confirms the payout.
        fixture.given(CREATED, BROADCAST, replaced)
               .when(new ConfirmPayout(PAYOUT, "aa11", 42, AT))
               .expectEvents(new PayoutConfirmed(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO, AMOUNT, "aa11", 42,
                                                 AT, PayoutStatus.CONFIRMED, PayoutTrigger.MANUAL));
        // The replaced transaction was mined and reverted: the failure names it, not the replacement.
        fixture.given(CREATED, BROADCAST, replaced)
               .when(new FailPayout(PAYOUT, "reverted", AT, null, "aa11"))
               .expectEvents(new PayoutFailed(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO, AMOUNT, "aa11",
                                              "reverted", AT, PayoutStatus.FAILED, PayoutTrigger.MANUAL));
        fixture.given(CREATED, BROADCAST, replaced)
               .when(new ConfirmPayout(PAYOUT, "cc33", 42, AT))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.INVALID_STATE))
               .expectExceptionMessage(containsString("not cc33"));
        fixture.given(CREATED, BROADCAST, new PayoutConfirmed(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO,
                                                              AMOUNT, "aa11", 42, AT, PayoutStatus.CONFIRMED,
                                                              PayoutTrigger.MANUAL))
               .when(new RecordPayoutBroadcast(PAYOUT, "bb22", AT))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.INVALID_STATE));
    }

    /** Prevents: money released back to the merchant after it left on chain. */
    @Test
    void aConfirmedPayoutCannotFail() {
        fixture.given(CREATED, BROADCAST, new PayoutConfirmed(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO,
                                                              AMOUNT, "aa11", 42, AT, PayoutStatus.CONFIRMED, PayoutTrigger.MANUAL))
               .when(new FailPayout(PAYOUT, "reverted", AT))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.INVALID_STATE));
    }

    @Test
    void aRevertedPayoutFailsOnce() {
        PayoutFailed failed = new PayoutFailed(PAYOUT, FUNDS, MERCHANT, Mode.TEST, Chain.TRON, TO, AMOUNT, "aa11",
                                               "reverted", AT, PayoutStatus.FAILED, PayoutTrigger.MANUAL);
        fixture.given(CREATED, BROADCAST)
               .when(new FailPayout(PAYOUT, "reverted", AT))
               .expectEvents(failed);
        fixture.given(CREATED, BROADCAST, failed)
               .when(new FailPayout(PAYOUT, "reverted", AT))
               .expectNoEvents();
    }
}
