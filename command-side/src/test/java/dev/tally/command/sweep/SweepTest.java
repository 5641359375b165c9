package dev.tally.command.sweep;

import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.sweep.ConfirmSweep;
import dev.tally.kernel.sweep.FailSweep;
import dev.tally.kernel.sweep.RecordSweepBroadcast;
import dev.tally.kernel.sweep.RecordSweepEnergyReturned;
import dev.tally.kernel.sweep.RequestSweep;
import dev.tally.kernel.sweep.SweepBroadcast;
import dev.tally.kernel.sweep.SweepConfirmed;
import dev.tally.kernel.sweep.SweepEnergyReturned;
import dev.tally.kernel.sweep.SweepFailed;
import dev.tally.kernel.sweep.SweepRequested;
import dev.tally.kernel.sweep.SweepState;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.tally.command.DomainErrors.domainError;
import static org.hamcrest.Matchers.containsString;

/**
 * A sweep has one transaction: it is confirmed or failed only with the hash it was broadcast with, once; asking for
 * the same sweep again (the planner's round repeated) changes nothing.
 */
class SweepTest {
    private static final Instant AT = Instant.parse("2026-12-07T09:00:00Z");
    private static final SweepId SWEEP = SweepId.of("sw_5mT9xQ2mLp7vRz8w");
    private static final String DEPOSIT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final TokenAmount AMOUNT = TokenAmount.parse("120.50", Asset.USDT);
    private static final NetworkFee FEE = new NetworkFee("ETH", "0.000041");
    private static final NetworkFee TOP_UP = new NetworkFee("ETH", "0.000021");

    private static final SweepState STATE = SweepState.requested(SWEEP, Chain.ETHEREUM, DEPOSIT, 7, AMOUNT, AT);
    private static final SweepRequested REQUESTED = new SweepRequested(STATE);
    private static final SweepBroadcast BROADCAST = new SweepBroadcast(STATE.broadcast("0xaa11", AT));

    private AggregateTestFixture<Sweep> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Sweep.class);
    }

    @Test
    void aSweepIsRequestedThenBroadcastThenConfirmedWithItsFees() {
        fixture.givenNoPriorActivity()
               .when(new RequestSweep(SWEEP, Chain.ETHEREUM, DEPOSIT, 7, AMOUNT, AT))
               .expectEvents(REQUESTED);
        fixture.given(REQUESTED)
               .when(new RequestSweep(SWEEP, Chain.ETHEREUM, DEPOSIT, 7, AMOUNT, AT))
               .expectNoEvents();
        fixture.given(REQUESTED)
               .when(new RecordSweepBroadcast(SWEEP, "0xaa11", AT))
               .expectEvents(BROADCAST);
        fixture.given(REQUESTED, BROADCAST)
               .when(new ConfirmSweep(SWEEP, "0xaa11", 42, FEE, TOP_UP, AT))
               .expectEvents(new SweepConfirmed(BROADCAST.sweep().confirmed(42, FEE, TOP_UP, AT)));
    }

    @Test
    void aSweepIsNotConfirmedWithAnotherTransactionNorFailedOnceConfirmed() {
        SweepConfirmed confirmed = new SweepConfirmed(BROADCAST.sweep().confirmed(42, FEE, null, AT));
        fixture.given(REQUESTED, BROADCAST)
               .when(new ConfirmSweep(SWEEP, "0xbb22", 42, FEE, null, AT))
               .expectException(domainError(ErrorCode.INVALID_STATE))
               .expectExceptionMessage(containsString("was broadcast as 0xaa11"));
        fixture.given(REQUESTED, BROADCAST, confirmed)
               .when(new FailSweep(SWEEP, "reverted", FEE, null, AT))
               .expectException(domainError(ErrorCode.INVALID_STATE))
               .expectExceptionMessage(containsString("cannot fail"));
        fixture.given(REQUESTED, BROADCAST, confirmed)
               .when(new ConfirmSweep(SWEEP, "0xaa11", 42, FEE, null, AT))
               .expectNoEvents();
        SweepFailed failed = new SweepFailed(BROADCAST.sweep().failed("reverted", FEE, null, AT));
        fixture.given(REQUESTED, BROADCAST)
               .when(new FailSweep(SWEEP, "reverted", FEE, null, AT))
               .expectEvents(failed);
        fixture.given(REQUESTED, BROADCAST, failed)
               .when(new RecordSweepBroadcast(SWEEP, "0xcc33", AT))
               .expectException(domainError(ErrorCode.INVALID_STATE))
               .expectExceptionMessage(containsString("only a REQUESTED sweep"));
    }

    /** Prevents: a stuck sweep's replacement refused, or the sweep confirmed by a transaction not its own. */
    @Test
    void aReplacementIsRecordedAndWhicheverOfItsTransactionsIsMinedConfirmsIt() {
        SweepBroadcast replaced = new SweepBroadcast(BROADCAST.sweep().broadcast("0xbb22", AT));
        fixture.given(REQUESTED, BROADCAST)
               .when(new RecordSweepBroadcast(SWEEP, "0xbb22", AT))
               .expectEvents(replaced);
        fixture.given(REQUESTED, BROADCAST, replaced)
               .when(new ConfirmSweep(SWEEP, "0xaa11", 42, FEE, null, AT))
               .expectEvents(new SweepConfirmed(BROADCAST.sweep().confirmed(42, FEE, null, AT)));
        fixture.given(REQUESTED, BROADCAST, replaced)
               .when(new ConfirmSweep(SWEEP, "0xcc33", 42, FEE, null, AT))
               .expectException(domainError(ErrorCode.INVALID_STATE));
    }

    /** Prevents: the energy's cost booked twice, or before the sweep is final (it is taken back only then). */
    @Test
    void theEnergyTakenBackIsRecordedOnceAndOnlyOnceTheSweepIsFinal() {
        NetworkFee delegation = NetworkFee.tron(268_000);
        NetworkFee taking = NetworkFee.tron(0);
        SweepConfirmed confirmed = new SweepConfirmed(BROADCAST.sweep().confirmed(42, FEE, null, AT));
        SweepEnergyReturned returned = new SweepEnergyReturned(SWEEP, Chain.ETHEREUM, Mode.LIVE, "d1", delegation,
                                                               "r1", taking, AT);
        fixture.given(REQUESTED, BROADCAST)
               .when(new RecordSweepEnergyReturned(SWEEP, "d1", delegation, "r1", taking, AT))
               .expectException(domainError(ErrorCode.INVALID_STATE))
               .expectExceptionMessage(containsString("once it is final"));
        fixture.given(REQUESTED, BROADCAST, confirmed)
               .when(new RecordSweepEnergyReturned(SWEEP, "d1", delegation, "r1", taking, AT))
               .expectEvents(returned);
        fixture.given(REQUESTED, BROADCAST, confirmed, returned)
               .when(new RecordSweepEnergyReturned(SWEEP, "d1", delegation, "r2", taking, AT))
               .expectNoEvents();
    }

    @Test
    void aSweepOfNothingIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new RequestSweep(SWEEP, Chain.ETHEREUM, DEPOSIT, 7, TokenAmount.zero(Asset.USDT), AT))
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectExceptionMessage(containsString("non-zero amount"));
    }
}
