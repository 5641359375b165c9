package dev.tally.command.funds;

import dev.tally.command.CommandSideProperties;

import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.refund.InvoiceRefundRequested;
import dev.tally.kernel.refund.PostRefundReservation;
import dev.tally.kernel.refund.RefundReservationPosted;
import dev.tally.kernel.refund.RefundReservationRefused;
import dev.tally.kernel.refund.RefundReservationReleased;
import dev.tally.kernel.refund.RefundReserved;
import dev.tally.kernel.refund.RefundSplit;
import dev.tally.kernel.refund.ReleaseRefundReservation;
import dev.tally.kernel.refund.ReserveRefund;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.funds.ChangePayoutAddress;
import dev.tally.kernel.funds.CreditFunds;
import dev.tally.kernel.funds.DailyPayoutDue;
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
import dev.tally.kernel.funds.PayoutScheduleKind;
import dev.tally.kernel.funds.PayoutScheduleSet;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.funds.PostPayoutReservation;
import dev.tally.kernel.funds.ReleasePayoutReservation;
import dev.tally.kernel.funds.ReservePayout;
import dev.tally.kernel.funds.ReverseCredit;
import dev.tally.kernel.funds.SetPayoutSchedule;
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
import java.time.LocalDate;
import java.time.LocalTime;
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
    /** One of Tally's own deposit addresses, in this test. */
    private static final String DEPOSIT_ADDRESS = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv9";

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
        fixture.registerInjectableResource((OwnAddresses) (chain, address) -> address.equals(DEPOSIT_ADDRESS));
        fixture.registerInjectableResource(new CommandSideProperties());
    }

    /** A fixture whose settings charge merchants {@code fee} USDT towards each Tron payout's network fee. */
    private static AggregateTestFixture<MerchantFunds> chargingNetworkFee(String fee) {
        CommandSideProperties properties = new CommandSideProperties();
        properties.getPayouts().getNetworkFee().put("tron", new java.math.BigDecimal(fee));
        AggregateTestFixture<MerchantFunds> charging = new AggregateTestFixture<>(MerchantFunds.class);
        charging.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        charging.registerInjectableResource((OwnAddresses) (chain, address) -> address.equals(DEPOSIT_ADDRESS));
        charging.registerInjectableResource(properties);
        return charging;
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
        return new PayoutReserved(FUNDS, MERCHANT, MODE, PAYOUT, Chain.TRON, ADDRESS, usdt(amount), after, NOW, PayoutTrigger.MANUAL);
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

    /** A settlement whose whole gross was fee credits nothing; its finality and reversal then find nothing to do. */
    @Test
    void aZeroNetCreditsNothingAndItsFinalityOrReversalIsNoFailure() {
        fixture.givenNoPriorActivity()
               .when(new CreditFunds(FUNDS, MERCHANT, MODE, SETTLEMENT, usdt("0"), NOW))
               .expectNoEvents()
               .expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
               .when(new MakeCreditFinal(FUNDS, SETTLEMENT, NOW))
               .expectNoEvents()
               .expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
               .when(new ReverseCredit(FUNDS, SETTLEMENT, NOW))
               .expectNoEvents()
               .expectSuccessfulHandlerExecution();
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

    /**
     * Prevents: a network fee charged to the merchant overdrawing the balance, being kept when the payout fails, or
     * being taken twice.
     */
    @Test
    void aNetworkFeeChargedToTheMerchantIsReservedWithThePayoutAndGoesWithIt() {
        PayoutReserved charged = new PayoutReserved(FUNDS, MERCHANT, MODE, PAYOUT, Chain.TRON, ADDRESS, usdt("8.90"),
                                                    balance("0", "0", "9.90"), NOW, PayoutTrigger.MANUAL,
                                                    usdt("1.00"));
        chargingNetworkFee("1.00")
                .given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                       madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")))
                .when(reserve(PAYOUT, "8.90"))
                .expectEvents(charged);
        // The amount alone fits, not with its fee.
        chargingNetworkFee("1.00")
                .given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                       madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")))
                .when(reserve(PAYOUT, "9.00"))
                .expectNoEvents()
                .expectException(domainError(ErrorCode.RULE_VIOLATION))
                .expectExceptionMessage(containsString("9.90 USDT available (final on chain, not reserved), 10.00 "
                                                       + "needed (9.00 requested and a network fee of 1.00)"));
        // Confirmed: amount and fee are gone; failed: both are available again.
        chargingNetworkFee("1.00")
                .given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                       madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")), charged)
                .when(new PostPayoutReservation(FUNDS, PAYOUT, NOW))
                .expectEvents(new PayoutReservationPosted(FUNDS, MERCHANT, MODE, PAYOUT, usdt("9.90"),
                                                          balance("0", "0", "0"), NOW));
        chargingNetworkFee("1.00")
                .given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                       madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")), charged)
                .when(new ReleasePayoutReservation(FUNDS, PAYOUT, "reverted", NOW))
                .expectEvents(new PayoutReservationReleased(FUNDS, MERCHANT, MODE, PAYOUT, usdt("9.90"), "reverted",
                                                            balance("0", "9.90", "0"), NOW));
        // A scheduled payout pays out what is available less the fee, and nothing when the fee would take it all.
        PayoutId automatic = MerchantFunds.derivedPayoutId(FUNDS, PayoutTrigger.THRESHOLD, SETTLEMENT.value());
        chargingNetworkFee("1.00")
                .given(firstAddress(), threshold("5.00"), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")))
                .when(new MakeCreditFinal(FUNDS, SETTLEMENT, NOW))
                .expectEvents(madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")),
                              new PayoutReserved(FUNDS, MERCHANT, MODE, automatic, Chain.TRON, ADDRESS, usdt("8.90"),
                                                 balance("0", "0", "9.90"), NOW, PayoutTrigger.THRESHOLD,
                                                 usdt("1.00")));
        chargingNetworkFee("9.90")
                .given(firstAddress(), threshold("5.00"), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")))
                .when(new MakeCreditFinal(FUNDS, SETTLEMENT, NOW))
                .expectEvents(madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")));
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
                                                balance("0", "8.90", "1.00"), NOW, PayoutTrigger.MANUAL));
        // Asking again for the pending address does not start the delay again.
        fixture.given(firstAddress(), change)
               .when(new ChangePayoutAddress(FUNDS, MERCHANT, MODE, Chain.TRON, NEW_ADDRESS, DELAY))
               .expectNoEvents()
               .expectResultMessagePayload(change);
    }

    // --- payout schedules ------------------------------------------------------------------------------------------

    private static PayoutScheduleSet threshold(String amount) {
        return new PayoutScheduleSet(FUNDS, MERCHANT, MODE, Chain.TRON, PayoutScheduleKind.THRESHOLD, usdt(amount),
                                     null, NOW);
    }

    @Test
    void aThresholdSchedulePaysOutTheWholeAvailableBalanceOnceItReachesTheThreshold() {
        PayoutId automatic = MerchantFunds.derivedPayoutId(FUNDS, PayoutTrigger.THRESHOLD, SETTLEMENT.value());
        fixture.given(firstAddress(), threshold("9.00"), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")))
               .when(new MakeCreditFinal(FUNDS, SETTLEMENT, NOW))
               .expectEvents(madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")),
                             new PayoutReserved(FUNDS, MERCHANT, MODE, automatic, Chain.TRON, ADDRESS, usdt("9.90"),
                                                balance("0", "0", "9.90"), NOW, PayoutTrigger.THRESHOLD));
        fixture.given(firstAddress(), threshold("10.00"), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")))
               .when(new MakeCreditFinal(FUNDS, SETTLEMENT, NOW))
               .expectEvents(madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")));
    }

    /** Prevents: a scheduled payout and a requested one together taking more than the balance. */
    @Test
    void aScheduledPayoutTakesOnlyWhatRequestedPayoutsLeft() {
        PayoutId automatic = MerchantFunds.derivedPayoutId(FUNDS, PayoutTrigger.THRESHOLD, OTHER.value());
        fixture.given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")),
                      reserved("6.00", balance("0", "3.90", "6.00")), threshold("5.00"),
                      credited(OTHER, "2.00", balance("2.00", "3.90", "6.00")))
               .when(new MakeCreditFinal(FUNDS, OTHER, NOW))
               .expectEvents(madeFinal(OTHER, "2.00", balance("0", "5.90", "6.00")),
                             new PayoutReserved(FUNDS, MERCHANT, MODE, automatic, Chain.TRON, ADDRESS, usdt("5.90"),
                                                balance("0", "0", "11.90"), NOW, PayoutTrigger.THRESHOLD));
    }

    @Test
    void aScheduleNeedsAPayoutAddressAndAnAmount() {
        fixture.givenNoPriorActivity()
               .when(new SetPayoutSchedule(FUNDS, MERCHANT, MODE, Chain.TRON, PayoutScheduleKind.THRESHOLD,
                                           usdt("5.00"), LocalTime.MIDNIGHT))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectExceptionMessage(containsString("no payout address on tron"));
        fixture.given(firstAddress())
               .when(new SetPayoutSchedule(FUNDS, MERCHANT, MODE, Chain.TRON, PayoutScheduleKind.DAILY, null,
                                           LocalTime.MIDNIGHT))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.RULE_VIOLATION));
    }

    @Test
    void aDailySchedulePaysOutOnceADayWhenTheBalanceIsAtLeastItsMinimum() {
        AggregateTestFixture<MerchantFunds> daily = new AggregateTestFixture<>(MerchantFunds.class);
        Instant now = daily.currentTime();
        daily.registerInjectableResource(Clock.fixed(now, ZoneOffset.UTC));
        daily.registerInjectableResource(new CommandSideProperties());
        LocalTime at = LocalTime.of(6, 0);
        Instant firstRun = MerchantFunds.nextDailyRun(now, at);
        String day = LocalDate.ofInstant(firstRun, ZoneOffset.UTC).toString();
        SetPayoutSchedule schedule = new SetPayoutSchedule(FUNDS, MERCHANT, MODE, Chain.TRON, PayoutScheduleKind.DAILY,
                                                           usdt("5.00"), at);
        daily.given(firstAddress())
             .when(schedule)
             .expectEvents(new PayoutScheduleSet(FUNDS, MERCHANT, MODE, Chain.TRON, PayoutScheduleKind.DAILY,
                                                 usdt("5.00"), firstRun, now))
             .expectScheduledDeadline(firstRun, new DailyPayoutDue(day));

        PayoutId automatic = MerchantFunds.derivedPayoutId(FUNDS, PayoutTrigger.DAILY, day);
        daily.given(firstAddress(), credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                    madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")))
             .andGivenCommands(schedule)
             .whenTimeAdvancesTo(firstRun)
             .expectEvents(new PayoutReserved(FUNDS, MERCHANT, MODE, automatic, Chain.TRON, ADDRESS, usdt("9.90"),
                                              balance("0", "0", "9.90"), now, PayoutTrigger.DAILY))
             .expectScheduledDeadline(firstRun.plus(Duration.ofDays(1)),
                                      new DailyPayoutDue(LocalDate.ofInstant(firstRun, ZoneOffset.UTC).plusDays(1)
                                                                  .toString()));
        // Below the minimum: nothing that day.
        daily.given(firstAddress(), credited(SETTLEMENT, "4.95", balance("4.95", "0", "0")),
                    madeFinal(SETTLEMENT, "4.95", balance("0", "4.95", "0")))
             .andGivenCommands(schedule)
             .whenTimeAdvancesTo(firstRun)
             .expectNoEvents();
    }

    /** Prevents: payouts going round, from the hot wallet into a deposit address and back in as a payment. */
    @Test
    void oneOfTallysOwnDepositAddressesIsNoPayoutAddress() {
        fixture.given(firstAddress())
               .when(new ChangePayoutAddress(FUNDS, MERCHANT, MODE, Chain.TRON, DEPOSIT_ADDRESS, DELAY))
               .expectNoEvents()
               .expectException(domainError(ErrorCode.RULE_VIOLATION))
               .expectExceptionMessage(containsString("one of Tally's deposit addresses"));
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

    // --- refunds -------------------------------------------------------------------------------------------------

    private static final RefundId REFUND = RefundId.of("rf_5mT9xQ2mLp7vRz8w");

    private static InvoiceRefundRequested refundRequest(String amount, String fee, String share) {
        InvoiceId invoice = InvoiceId.of("inv_3kT9pQ2mLx7vRz8w");
        return new InvoiceRefundRequested(invoice, MERCHANT, MODE, REFUND, SETTLEMENT, Chain.TRON,
                                          new RefundSplit(usdt(amount), usdt(fee), usdt(share)), ADDRESS, null, null,
                                          false, "overpaid", NOW);
    }

    @Test
    void aRefundReservesItsMerchantShareFromTheAvailableBalanceAndPostsItWhenConfirmed() {
        InvoiceRefundRequested request = refundRequest("2.00", "0.02", "1.98");
        RefundReserved reserved = new RefundReserved(FUNDS, request, balance("0", "7.92", "1.98"));
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")))
               .when(new ReserveRefund(FUNDS, request))
               .expectEvents(reserved)
               .expectResultMessagePayload(reserved);
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")), reserved)
               .when(new PostRefundReservation(FUNDS, REFUND, NOW))
               .expectEvents(new RefundReservationPosted(FUNDS, MERCHANT, MODE, REFUND, usdt("1.98"),
                                                         balance("0", "7.92", "0"), NOW));
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")), reserved)
               .when(new ReleaseRefundReservation(FUNDS, REFUND, "cancelled", NOW))
               .expectEvents(new RefundReservationReleased(FUNDS, MERCHANT, MODE, REFUND, usdt("1.98"), "cancelled",
                                                           balance("0", "9.90", "0"), NOW));
        // The same reservation again is the first one.
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")),
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")), reserved)
               .when(new ReserveRefund(FUNDS, request))
               .expectNoEvents()
               .expectResultMessagePayload(reserved);
    }

    /** Prevents: a refund refused for want of money being reserved later, after its invoice let go of it. */
    @Test
    void aRefundTheBalanceDoesNotCoverIsRefusedForGood() {
        InvoiceRefundRequested request = refundRequest("2.00", "0.02", "1.98");
        RefundReservationRefused refused = new RefundReservationRefused(
                FUNDS, request, "insufficient available balance: 0.00 USDT available (final on chain, not reserved), "
                                + "the refund takes 1.98 of its 2.00 from it (the rest is the platform's fee given "
                                + "back, or money that paid no invoice)",
                NOW);
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")))
               .when(new ReserveRefund(FUNDS, request))
               .expectEvents(refused)
               .expectResultMessagePayload(refused);
        fixture.given(credited(SETTLEMENT, "9.90", balance("9.90", "0", "0")), refused,
                      madeFinal(SETTLEMENT, "9.90", balance("0", "9.90", "0")))
               .when(new ReserveRefund(FUNDS, request))
               .expectNoEvents()
               .expectResultMessagePayload(refused);
    }

    /** A refund of money whose whole gross was fee takes nothing from the merchant. */
    @Test
    void aRefundWithNoMerchantShareReservesNothing() {
        InvoiceRefundRequested request = refundRequest("1.00", "1.00", "0");
        fixture.givenNoPriorActivity()
               .when(new ReserveRefund(FUNDS, request))
               .expectEvents(new RefundReserved(FUNDS, request, balance("0", "0", "0")));
    }
}
