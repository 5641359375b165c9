package dev.tally.command.funds;

import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.funds.ChangePayoutAddress;
import dev.tally.kernel.funds.CreditFunds;
import dev.tally.kernel.funds.FundsBalance;
import dev.tally.kernel.funds.FundsCreditFinal;
import dev.tally.kernel.funds.FundsCreditReversed;
import dev.tally.kernel.funds.FundsCredited;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.MakeCreditFinal;
import dev.tally.kernel.funds.PayoutAddressChanged;
import dev.tally.kernel.funds.PayoutReservationPosted;
import dev.tally.kernel.funds.PayoutReservationReleased;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.funds.PostPayoutReservation;
import dev.tally.kernel.funds.ReleasePayoutReservation;
import dev.tally.kernel.funds.ReservePayout;
import dev.tally.kernel.funds.ReverseCredit;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.tally.command.DomainErrors.domainError;
import static org.hamcrest.Matchers.containsString;

/**
 * The merchant's funds decide money out: only final money is available, a payout reserves it only when covered,
 * its outcome posts or releases it, and a new payout address waits out its delay.
 */
class MerchantFundsTest {
    private static final Instant NOW = Instant.parse("2026-03-14T09:20:00Z");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final Mode MODE = Mode.TEST;
    private static final FundsId FUNDS = FundsId.of(MERCHANT, MODE);
    private static final SettlementId SETTLEMENT = SettlementId.forInvoice(InvoiceId.of("inv_3kT9pQ2mLx7vRz8w"));
    private static final SettlementId OTHER = SettlementId.forInvoice(InvoiceId.of("inv_9zT9pQ2mLx7vRz8w"));
    private static final PayoutId PAYOUT = PayoutId.of("po_5mT9xQ2mLp7vRz8w");
    private static final String ADDRESS = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
    private static final String NEW_ADDRESS = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8";
    private static final Duration DELAY = Duration.ofHours(24);

    private AggregateTestFixture<MerchantFunds> fixture;

    private static TokenAmount usdt(String text) {
        return TokenAmount.parse(text, Asset.USDT);
    }

    private static FundsBalance balance(String pending, String available, String reserved) {
        return new FundsBalance(usdt(pending), usdt(available), usdt(reserved));
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MerchantFunds.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static FundsCredited credited(SettlementId settlement, String amount, FundsBalance after) {
        return new FundsCredited(FUNDS, MERCHANT, MODE, settlement, usdt(amount), after, NOW);
    }

    private static FundsCreditFinal madeFinal(SettlementId settlement, String amount, FundsBalance after) {
        return new FundsCreditFinal(FUNDS, MERCHANT, MODE, settlement, usdt(amount), after, NOW);
    }

    private static PayoutAddressChanged firstAddress() {
        return new PayoutAddressChanged(FUNDS, MERCHANT, MODE, Chain.TRON, ADDRESS, null, NOW.minusSeconds(60),
                                        NOW.minusSeconds(60));
    }

    private static ReservePayout reserve(PayoutId payout, String amount) {
        return new ReservePayout(FUNDS, MERCHANT, MODE, payout, Chain.TRON, usdt(amount));
    }

    private static PayoutReserved reserved(String amount, FundsBalance after) {
        return new PayoutReserved(FUNDS, MERCHANT, MODE, PAYOUT, Chain.TRON, ADDRESS, usdt(amount), after, NOW);
    }

    @Test
    void aSettlementIsPendingUntilFinalThenAvailable() {
        fixture.givenNoPriorActivity()
               .when(new CreditFunds(FUNDS, MERCHANT, MODE, SETTLEMENT, usdt("9.90"), NOW))
               .expectEvents(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")));
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")))
               .when(new MakeCreditFinal(FUNDS, SETTLEMENT, NOW))
               .expectEvents(madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")));
    }

    @Test
    void aCreditSentTwiceOrMadeFinalTwiceCountsOnce() {
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")))
               .when(new CreditFunds(FUNDS, MERCHANT, MODE, SETTLEMENT, usdt("9.90"), NOW))
               .expectNoEvents();
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")))
               .when(new MakeCreditFinal(FUNDS, SETTLEMENT, NOW))
               .expectNoEvents();
    }

    @Test
    void aReorgTakesBackAPendingCreditAndNothingElse() {
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      credited(OTHER, "1.00", balance("10.90", "0", "0")),
                      madeFinal(OTHER, "1.00", balance("9.90", "1.00", "0")))
               .when(new ReverseCredit(FUNDS, SETTLEMENT, NOW))
               .expectEvents(new FundsCreditReversed(FUNDS, MERCHANT, MODE, SETTLEMENT, usdt("9.90"),
                                                     balance("0", "1.00", "0"), NOW));
    }

    @Test
    void pendingMoneyCannotBePaidOut() {
        fixture.given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")))
               .when(reserve(PAYOUT, "0.01"))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectExceptionMessage(containsString("insufficient available balance"));
    }

    @Test
    void aPayoutReservesOnlyWhatIsAvailable() {
        fixture.given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")))
               .when(reserve(PAYOUT, "9.90"))
               .expectEvents(reserved("9.90", balance("0", "0", "9.90")))
               .expectResultMessagePayload(reserved("9.90", balance("0", "0", "9.90")));
        fixture.given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")))
               .when(reserve(PAYOUT, "9.900001"))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectExceptionMessage(containsString("9.90 USDT available"));
    }

    @Test
    void reservedMoneyIsNotAvailableTwice() {
        fixture.given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")),
                      reserved("6.00", balance("0", "3.90", "6.00")))
               .when(reserve(PayoutId.of("po_6nT9xQ2mLp7vRz8w"), "4.00"))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectExceptionMessage(containsString("3.90 USDT available"));
    }

    @Test
    void theSamePayoutRequestedAgainGetsItsFirstReservation() {
        fixture.given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")),
                      reserved("6.00", balance("0", "3.90", "6.00")))
               .when(reserve(PAYOUT, "6.00"))
               .expectNoEvents()
               .expectResultMessagePayload(reserved("6.00", balance("0", "3.90", "6.00")));
    }

    @Test
    void aConfirmedPayoutPostsItsReservationOnce() {
        fixture.given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")),
                      reserved("6.00", balance("0", "3.90", "6.00")))
               .when(new PostPayoutReservation(FUNDS, PAYOUT, NOW))
               .expectEvents(new PayoutReservationPosted(FUNDS, MERCHANT, MODE, PAYOUT, usdt("6.00"),
                                                         balance("0", "3.90", "0"), NOW));
        fixture.given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")),
                      reserved("6.00", balance("0", "3.90", "6.00")),
                      new PayoutReservationPosted(FUNDS, MERCHANT, MODE, PAYOUT, usdt("6.00"),
                                                  balance("0", "3.90", "0"), NOW))
               .when(new ReleasePayoutReservation(FUNDS, PAYOUT, "late failure", NOW))
               .expectNoEvents();
    }

    @Test
    void aFailedPayoutReleasesItsReservation() {
        fixture.given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")),
                      reserved("6.00", balance("0", "3.90", "6.00")))
               .when(new ReleasePayoutReservation(FUNDS, PAYOUT, "reverted", NOW))
               .expectEvents(new PayoutReservationReleased(FUNDS, MERCHANT, MODE, PAYOUT, usdt("6.00"), "reverted",
                                                           balance("0", "9.90", "0"), NOW));
    }

    @Test
    void noPayoutWithoutAnAddress() {
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")))
               .when(reserve(PAYOUT, "1.00"))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectExceptionMessage(containsString("no payout address on tron"));
    }

    @Test
    void aFirstAddressTakesEffectAtOnce() {
        fixture.givenNoPriorActivity()
               .when(new ChangePayoutAddress(FUNDS, MERCHANT, MODE, Chain.TRON, ADDRESS, DELAY))
               .expectEvents(new PayoutAddressChanged(FUNDS, MERCHANT, MODE, Chain.TRON, ADDRESS, null, NOW, NOW));
    }

    /** Prevents: a stolen key redirecting the next payout at once. */
    @Test
    void aChangedAddressWaitsOutTheDelayAndPayoutsGoToThePreviousMeanwhile() {
        PayoutAddressChanged change = new PayoutAddressChanged(FUNDS, MERCHANT, MODE, Chain.TRON, NEW_ADDRESS,
                                                               ADDRESS, NOW, NOW.plus(DELAY));
        fixture.given(firstAddress())
               .when(new ChangePayoutAddress(FUNDS, MERCHANT, MODE, Chain.TRON, NEW_ADDRESS, DELAY))
               .expectEvents(change);
        fixture.given(firstAddress(), change, credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")))
               .when(reserve(PAYOUT, "1.00"))
               .expectEvents(new PayoutReserved(FUNDS, MERCHANT, MODE, PAYOUT, Chain.TRON, ADDRESS, usdt("1.00"),
                                                balance("0", "8.90", "1.00"), NOW));
        // Asking again for the pending address does not start the delay again.
        fixture.given(firstAddress(), change)
               .when(new ChangePayoutAddress(FUNDS, MERCHANT, MODE, Chain.TRON, NEW_ADDRESS, DELAY))
               .expectNoEvents()
               .expectResultMessagePayload(change);
    }

    @Test
    void anotherMerchantsFundsAreRefused() {
        fixture.givenNoPriorActivity()
               .when(new ChangePayoutAddress(FUNDS, MerchantId.of("mer_0therMerchant12"), MODE, Chain.TRON, ADDRESS,
                                             DELAY))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectExceptionMessage(containsString("are not those of"));
        fixture.givenNoPriorActivity()
               .when(new ChangePayoutAddress(FUNDS, MERCHANT, Mode.LIVE, Chain.TRON, ADDRESS, DELAY))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectExceptionMessage(containsString("are not those of"));
    }
}
