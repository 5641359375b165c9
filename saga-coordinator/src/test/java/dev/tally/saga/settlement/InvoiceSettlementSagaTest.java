package dev.tally.saga.settlement;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.settlement.ReverseSettlement;
import dev.tally.kernel.invoice.MarkInvoiceSettled;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.settlement.CompleteSettlement;
import dev.tally.kernel.settlement.CreateSettlement;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/**
 * The settlement saga as a story: an invoice for 9.99 USDT at the merchant's 1 % is paid at 10:00, the settlement
 * splits off 0.10 and credits 9.89, and the invoice is marked settled.
 */
class InvoiceSettlementSagaTest {

    private static final InvoiceId INVOICE = InvoiceId.of("inv_5Rk8WmQ2xT9vLz3nB7cYpH");
    private static final SettlementId SETTLEMENT = SettlementId.of("stl_5Rk8WmQ2xT9vLz3nB7cYpH");
    private static final MerchantId MERCHANT = MerchantId.of("mer_3Jd9KqT6wZx2VnR8bL4mCf");
    private static final InvoiceId OTHER_INVOICE = InvoiceId.of("inv_8Nc2YvH5kP7tQx4wM9dRzL");

    private static final TokenAmount DUE = usdt("9.99");
    private static final TokenAmount FEE = usdt("0.10");
    private static final TokenAmount NET = usdt("9.89");
    private static final int FEE_BPS = 100;

    private static final Instant PAID_AT = Instant.parse("2025-06-02T10:00:00Z");
    private static final Instant CREATED_AT = PAID_AT.plusSeconds(2);
    private static final Instant COMPLETED_AT = PAID_AT.plusSeconds(3);

    private static final InvoicePaid PAID =
            new InvoicePaid(INVOICE, MERCHANT, DUE, DUE, usdt("0"), FEE_BPS, false, PAID_AT);
    private static final InvoicePaid PAID_LATE_ACCEPTED =
            new InvoicePaid(INVOICE, MERCHANT, DUE, DUE, usdt("0"), FEE_BPS, true, PAID_AT.plusSeconds(3_600));
    private static final SettlementCreated CREATED = new SettlementCreated(SETTLEMENT, INVOICE, MERCHANT, DUE, FEE,
                                                                           NET, FEE_BPS, 2, CREATED_AT);
    private static final SettlementCompleted COMPLETED = new SettlementCompleted(SETTLEMENT, INVOICE, MERCHANT, DUE,
                                                                                 FEE, NET, COMPLETED_AT);

    private SagaTestFixture<InvoiceSettlementSaga> fixture;

    private static TokenAmount usdt(String text) {
        return TokenAmount.parse(text, Asset.USDT);
    }

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(InvoiceSettlementSaga.class);
        fixture.givenCurrentTime(PAID_AT);
    }

    @Test
    void aSettlementCreatedAfterItsInvoiceTookTheMoneyBackIsReversedNotCompleted() throws Exception {
        fixture.givenAPublished(PAID)
               .andThenAPublished(new InvoicePaymentReversed(INVOICE, MERCHANT, PaymentId.of(
                       "tron:" + "a".repeat(64) + ":0"), DUE, false, SETTLEMENT, usdt("0"), InvoiceStatus.PENDING,
                       CREATED_AT.minusSeconds(1)))
               .whenPublishingA(CREATED)
               .expectDispatchedCommands(new ReverseSettlement(SETTLEMENT,
                                                               InvoiceSettlementSaga.REVERSED_BEFORE_CREATION,
                                                               CREATED_AT));
    }

    @Test
    void aPaidInvoiceStartsTheSagaAndRequestsItsSettlement() throws Exception {
        fixture.givenNoPriorActivity()
               .whenPublishingA(PAID)
               .expectDispatchedCommands(new CreateSettlement(SETTLEMENT, INVOICE, MERCHANT, DUE, FEE_BPS))
               .expectAssociationWith("invoiceId", INVOICE)
               .expectAssociationWith("settlementId", SETTLEMENT)
               .expectActiveSagas(1);
    }

    @Test
    void theSettlementIdIsDerivedFromTheInvoice() throws Exception {
        fixture.givenNoPriorActivity()
               .whenPublishingA(new InvoicePaid(OTHER_INVOICE, MERCHANT, DUE, DUE, usdt("0"), FEE_BPS, false, PAID_AT))
               .expectDispatchedCommands(new CreateSettlement(SettlementId.of("stl_8Nc2YvH5kP7tQx4wM9dRzL"),
                                                              OTHER_INVOICE, MERCHANT, DUE, FEE_BPS))
               .expectAssociationWith("settlementId", "stl_8Nc2YvH5kP7tQx4wM9dRzL");
    }

    @Test
    void anOverpaidInvoiceSettlesEverythingConfirmedAtTheRateFixedOnTheInvoice() throws Exception {
        TokenAmount gross = usdt("10.50");

        fixture.givenNoPriorActivity()
               .whenPublishingA(new InvoicePaid(INVOICE, MERCHANT, DUE, gross, usdt("0.51"), 250, false, PAID_AT))
               .expectDispatchedCommands(new CreateSettlement(SETTLEMENT, INVOICE, MERCHANT, gross, 250));
    }

    @Test
    void aCreatedSettlementIsCompleted() throws Exception {
        fixture.givenAPublished(PAID)
               .whenPublishingA(CREATED)
               .expectDispatchedCommands(new CompleteSettlement(SETTLEMENT))
               .expectActiveSagas(1);
    }

    @Test
    void aCompletedSettlementMarksTheInvoiceSettledAndEndsTheSaga() throws Exception {
        fixture.givenAPublished(PAID)
               .andThenAPublished(CREATED)
               .whenPublishingA(COMPLETED)
               .expectDispatchedCommands(new MarkInvoiceSettled(INVOICE, SETTLEMENT, COMPLETED_AT, DUE, FEE))
               .expectActiveSagas(0)
               .expectNoAssociationWith("invoiceId", INVOICE)
               .expectNoAssociationWith("settlementId", SETTLEMENT);
    }

    @Test
    void aRedeliveredInvoicePaidRequestsNoSecondSettlement() throws Exception {
        fixture.givenAPublished(PAID)
               .whenPublishingA(PAID)
               .expectNoDispatchedCommands()
               .expectActiveSagas(1);
    }

    @Test
    void anInvoicePaidRedeliveredAfterTheSettlementWasCreatedRequestsNothingEither() throws Exception {
        fixture.givenAPublished(PAID)
               .andThenAPublished(CREATED)
               .whenPublishingA(PAID)
               .expectNoDispatchedCommands()
               .expectActiveSagas(1);
    }

    @Test
    void aRedeliveredSettlementCreatedAsksAgainForTheIdempotentCompletion() throws Exception {
        fixture.givenAPublished(PAID)
               .andThenAPublished(CREATED)
               .whenPublishingA(CREATED)
               .expectDispatchedCommands(new CompleteSettlement(SETTLEMENT))
               .expectActiveSagas(1);
    }

    @Test
    void anAcceptedLatePaymentSettlesTheSameWay() throws Exception {
        fixture.givenNoPriorActivity()
               .whenPublishingA(PAID_LATE_ACCEPTED)
               .expectDispatchedCommands(new CreateSettlement(SETTLEMENT, INVOICE, MERCHANT, DUE, FEE_BPS))
               .expectActiveSagas(1);
    }

    @Test
    void anAcceptedLatePaymentIsMarkedSettledAndEndsTheSaga() throws Exception {
        fixture.givenAPublished(PAID_LATE_ACCEPTED)
               .andThenAPublished(CREATED)
               .whenPublishingA(COMPLETED)
               .expectDispatchedCommands(new MarkInvoiceSettled(INVOICE, SETTLEMENT, COMPLETED_AT, DUE, FEE))
               .expectActiveSagas(0);
    }

    @Test
    void eachPaidInvoiceHasASagaOfItsOwn() throws Exception {
        fixture.givenAPublished(PAID)
               .whenPublishingA(new InvoicePaid(OTHER_INVOICE, MERCHANT, DUE, DUE, usdt("0"), FEE_BPS, false, PAID_AT))
               .expectDispatchedCommands(new CreateSettlement(SettlementId.forInvoice(OTHER_INVOICE), OTHER_INVOICE,
                                                              MERCHANT, DUE, FEE_BPS))
               .expectActiveSagas(2);
    }

    @Test
    void anotherInvoicesSettlementDoesNotConcernThisSaga() throws Exception {
        SettlementId other = SettlementId.forInvoice(OTHER_INVOICE);

        fixture.givenAPublished(PAID)
               .whenPublishingA(new SettlementCompleted(other, OTHER_INVOICE, MERCHANT, DUE, FEE, NET, COMPLETED_AT))
               .expectNoDispatchedCommands()
               .expectActiveSagas(1);
    }

    @Test
    void aSettlementEventWithoutASagaStartsNothing() throws Exception {
        fixture.givenNoPriorActivity()
               .whenPublishingA(CREATED)
               .expectNoDispatchedCommands()
               .expectActiveSagas(0);
    }
}
