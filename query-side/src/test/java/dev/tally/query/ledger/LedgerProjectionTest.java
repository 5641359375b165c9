package dev.tally.query.ledger;

import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.refund.InvoiceRefundRequested;
import dev.tally.kernel.refund.RefundReservationPosted;
import dev.tally.kernel.refund.RefundReservationReleased;
import dev.tally.kernel.refund.RefundReserved;
import dev.tally.kernel.refund.RefundSplit;
import dev.tally.kernel.funds.FundsBalance;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutReservationPosted;
import dev.tally.kernel.funds.PayoutReservationReleased;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import java.time.LocalDate;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundConfirmed;
import dev.tally.kernel.invoice.InvoiceSettlementFinal;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.invoice.UnappliedReason;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.settlement.FeePolicy;
import dev.tally.kernel.settlement.FeeSplit;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.TestEvents;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.tally.query.TestEvents.usdt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The ledger projection driven through the real event store and its pooled streaming processor. */
class LedgerProjectionTest extends QuerySideTestBase {
    @Autowired
    QueryGateway queries;
    @Autowired
    TransactionTemplate transactions;

    final MerchantId merchant = TestEvents.merchantId();
    final InvoiceId invoice = TestEvents.invoiceId();
    final Instant t0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    @Test
    void aDetectedPaymentIsPendingFromCustomerClearingToTheMerchant() {
        PaymentId payment = TestEvents.paymentId();
        long clearingBefore = account("customer-clearing:USDT").debitsPending();

        detected(payment, "9.99", 1);

        awaitBalances("9.99", "0.00", "0.00");
        assertThat(transfersOf(payment)).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("pay:" + payment.value() + ":1");
            assertThat(t.status()).isEqualTo(TransferStatus.PENDING);
            assertThat(t.debitAccount()).isEqualTo("customer-clearing:USDT");
            assertThat(t.creditAccount()).isEqualTo("merchant-pending:USDT:" + merchant.value());
            assertThat(t.amount()).isEqualTo(9_990_000L);
            assertThat(t.causeEventType()).isEqualTo("PaymentDetected");
            assertThat(t.createdAt()).isEqualTo(t0);
        });
        AccountBalance pending = account("merchant-pending:USDT:" + merchant.value());
        assertThat(pending).isEqualTo(new AccountBalance(pending.account(), 0, 9_990_000L, 0, 0));
        assertThat(account("customer-clearing:USDT").debitsPending() - clearingBefore).isEqualTo(9_990_000L);
    }

    @Test
    void confirmationPostsThePendingTransfer() {
        PaymentId payment = TestEvents.paymentId();
        detected(payment, "9.99", 1);
        awaitBalances("9.99", "0.00", "0.00");

        confirmed(payment, "9.99");

        awaitBalances("0.00", "9.99", "0.00");
        assertThat(transfersOf(payment)).extracting(Transfer::id, Transfer::status, Transfer::pendingId)
                .containsExactlyInAnyOrder(
                        tuple(pendingId(payment, 1), TransferStatus.PENDING, null),
                        tuple(pendingId(payment, 1) + ":post", TransferStatus.POSTED,
                                                            pendingId(payment, 1)));
        AccountBalance pending = account("merchant-pending:USDT:" + merchant.value());
        assertThat(pending).isEqualTo(new AccountBalance(pending.account(), 0, 0, 0, 9_990_000L));
    }

    @Test
    void settledMoneyBecomesFinalOnceItsInvoiceSaysSoAndStaysAvailable() {
        PaymentId payment = TestEvents.paymentId();
        detected(payment, "9.99", 1);
        confirmed(payment, "9.99");
        SettlementId settlement = settle(FeePolicy.split(usdt("9.99"), 100, 2));
        awaitBalances("0.00", "0.00", "9.89");

        InvoiceSettlementFinal settledFinal = new InvoiceSettlementFinal(invoice, merchant, settlement,
                                                                         t0.plusSeconds(60));
        events.publish("Invoice", invoice, settledFinal);
        events.publish("Invoice", invoice, settledFinal); // delivered twice: booked once

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(balances()).isEqualTo(
                new AssetBalance(Asset.USDT, "0.00", "0.00", "9.89", "9.89", "0.00", "0.00", "0.00", "0.00")));
        assertLedgerBalanced();
        assertThat(transfersOf(settlement)).extracting(Transfer::id)
                .containsOnlyOnce("stl:" + settlement.value() + ":final");
    }

    @Test
    void aPayoutHoldsFinalMoneyUntilConfirmedAndAFailedOneGivesItBack() {
        settledAndFinal(); // 9.89 final

        FundsId funds = FundsId.of(merchant, Mode.LIVE);
        PayoutId paid = PayoutId.of("po_" + TestEvents.invoiceId().value().substring(4));
        PayoutId failed = PayoutId.of("po_" + TestEvents.invoiceId().value().substring(4));
        FundsBalance any = FundsBalance.zero(Asset.USDT); // the ledger books amounts, never the funds' figures
        events.publish("MerchantFunds", funds, new PayoutReserved(funds, merchant, Mode.LIVE, paid, Chain.TRON,
                                                                  "TDestination", usdt("5.00"), any, t0, PayoutTrigger.MANUAL));
        events.publish("MerchantFunds", funds, new PayoutReserved(funds, merchant, Mode.LIVE, failed, Chain.TRON,
                                                                  "TDestination", usdt("4.00"), any, t0, PayoutTrigger.MANUAL));
        await().atMost(PATIENCE).until(() -> balances().payingOut().equals("9.00"));
        assertLedgerBalanced();

        PayoutReservationPosted posted = new PayoutReservationPosted(funds, merchant, Mode.LIVE, paid, usdt("5.00"),
                                                                     any, t0.plusSeconds(90));
        events.publish("MerchantFunds", funds, posted);
        events.publish("MerchantFunds", funds, posted); // delivered twice: booked once
        events.publish("MerchantFunds", funds, new PayoutReservationReleased(funds, merchant, Mode.LIVE, failed,
                                                                             usdt("4.00"), "reverted", any,
                                                                             t0.plusSeconds(90)));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(balances()).isEqualTo(
                new AssetBalance(Asset.USDT, "0.00", "0.00", "4.89", "4.89", "0.00", "0.00", "5.00", "0.00")));
        assertLedgerBalanced();
        assertThat(transfersOf(paid)).extracting(Transfer::id, Transfer::status)
                .containsExactly(tuple("po:" + paid.value(), TransferStatus.PENDING),
                                 tuple("po:" + paid.value() + ":post", TransferStatus.POSTED));
        assertThat(transfersOf(failed)).extracting(Transfer::id, Transfer::status)
                .containsExactly(tuple("po:" + failed.value(), TransferStatus.PENDING),
                                 tuple("po:" + failed.value() + ":void", TransferStatus.VOIDED));
    }

    /** Prevents: a network fee charged with a payout leaving the books, kept when the payout fails, or booked twice. */
    @Test
    void aNetworkFeeChargedWithAPayoutIsBookedBesideItAndPostedOrVoidedWithIt() {
        settledAndFinal(); // 9.89 final
        long chargedBefore = account("platform-network-fees-charged:USDT").postedBalance();

        FundsId funds = FundsId.of(merchant, Mode.LIVE);
        PayoutId paid = PayoutId.of("po_" + TestEvents.invoiceId().value().substring(4));
        PayoutId failed = PayoutId.of("po_" + TestEvents.invoiceId().value().substring(4));
        FundsBalance any = FundsBalance.zero(Asset.USDT);
        PayoutReserved first = new PayoutReserved(funds, merchant, Mode.LIVE, paid, Chain.TRON, "TDestination",
                                                  usdt("5.00"), any, t0, PayoutTrigger.MANUAL, usdt("1.50"));
        events.publish("MerchantFunds", funds, first);
        events.publish("MerchantFunds", funds, first); // delivered twice: booked once
        events.publish("MerchantFunds", funds, new PayoutReserved(funds, merchant, Mode.LIVE, failed, Chain.TRON,
                                                                  "TDestination", usdt("2.00"), any, t0,
                                                                  PayoutTrigger.MANUAL, usdt("1.00")));
        await().atMost(PATIENCE).until(() -> balances().payingOut().equals("9.50"));
        assertLedgerBalanced();

        events.publish("MerchantFunds", funds, new PayoutReservationPosted(funds, merchant, Mode.LIVE, paid,
                                                                           usdt("6.50"), any, t0.plusSeconds(90)));
        events.publish("MerchantFunds", funds, new PayoutReservationReleased(funds, merchant, Mode.LIVE, failed,
                                                                             usdt("3.00"), "reverted", any,
                                                                             t0.plusSeconds(90)));

        // 9.89 final: 5.00 paid out, 1.50 charged towards its network fee, 3.39 left; the failed one's 3.00 is back.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(balances()).isEqualTo(
                new AssetBalance(Asset.USDT, "0.00", "0.00", "3.39", "3.39", "0.00", "0.00", "5.00", "0.00")));
        assertLedgerBalanced();
        assertThat(account("platform-network-fees-charged:USDT").postedBalance() - chargedBefore).isEqualTo(1_500_000);
        assertThat(transfersOf(paid)).extracting(Transfer::id, Transfer::status, Transfer::amount)
                .containsExactlyInAnyOrder(tuple("po:" + paid.value(), TransferStatus.PENDING, 5_000_000L),
                                           tuple("po:" + paid.value() + ":fee", TransferStatus.PENDING, 1_500_000L),
                                           tuple("po:" + paid.value() + ":post", TransferStatus.POSTED, 5_000_000L),
                                           tuple("po:" + paid.value() + ":fee:post", TransferStatus.POSTED,
                                                 1_500_000L));
        assertThat(transfersOf(failed)).extracting(Transfer::id, Transfer::status)
                .containsExactlyInAnyOrder(tuple("po:" + failed.value(), TransferStatus.PENDING),
                                           tuple("po:" + failed.value() + ":fee", TransferStatus.PENDING),
                                           tuple("po:" + failed.value() + ":void", TransferStatus.VOIDED),
                                           tuple("po:" + failed.value() + ":fee:void", TransferStatus.VOIDED));
    }

    @Test
    void aRefundTakesTheMerchantsShareFromFinalAndTheFeeFromRevenueUntilConfirmedAndACancelGivesBothBack() {
        PaymentId payment = TestEvents.paymentId();
        detected(payment, "9.99", 1);
        confirmed(payment, "9.99");
        SettlementId settlement = settle(FeePolicy.split(usdt("9.99"), 100, 2)); // fee 0.10, net 9.89
        events.publish("Invoice", invoice, new InvoiceSettlementFinal(invoice, merchant, settlement,
                                                                      t0.plusSeconds(60)));
        await().atMost(PATIENCE).until(() -> balances().finalAmount().equals("9.89"));
        long revenueBefore = account("platform-fee-revenue:USDT").postedBalance();

        FundsId funds = FundsId.of(merchant, Mode.LIVE);
        RefundId paid = RefundId.of("rf_" + TestEvents.invoiceId().value().substring(4));
        RefundId cancelled = RefundId.of("rf_" + TestEvents.invoiceId().value().substring(4));
        FundsBalance any = FundsBalance.zero(Asset.USDT); // the ledger books amounts, never the funds' figures
        RefundReserved first = new RefundReserved(funds, refund(paid, settlement, "2.00", "0.02", "1.98"), any);
        events.publish("MerchantFunds", funds, first);
        events.publish("MerchantFunds", funds, first); // delivered twice: booked once
        events.publish("MerchantFunds", funds, new RefundReserved(funds, refund(cancelled, settlement, "1.00",
                                                                                "0.01", "0.99"), any));
        await().atMost(PATIENCE).until(() -> balances().payingOut().equals("2.97"));
        assertLedgerBalanced();

        RefundReservationPosted posted = new RefundReservationPosted(funds, merchant, Mode.LIVE, paid, usdt("1.98"),
                                                                     any, t0.plusSeconds(90));
        events.publish("MerchantFunds", funds, posted);
        events.publish("MerchantFunds", funds, posted);
        events.publish("MerchantFunds", funds, new RefundReservationReleased(funds, merchant, Mode.LIVE, cancelled,
                                                                             usdt("0.99"), "cancelled", any,
                                                                             t0.plusSeconds(90)));
        // The customer got 2.00: 1.98 of the merchant's final money, 0.02 of the platform's fee.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(balances()).isEqualTo(
                new AssetBalance(Asset.USDT, "0.00", "0.00", "7.91", "7.91", "0.00", "0.00", "0.00", "2.00")));
        assertThat(account("platform-fee-revenue:USDT").postedBalance() - revenueBefore).isEqualTo(-20_000L);
        assertLedgerBalanced();
        assertThat(transfersOf(paid)).extracting(Transfer::id, Transfer::status)
                .containsExactly(tuple("rf:" + paid.value() + ":fee", TransferStatus.PENDING),
                                 tuple("rf:" + paid.value() + ":fee:post", TransferStatus.POSTED),
                                 tuple("rf:" + paid.value() + ":merchant", TransferStatus.PENDING),
                                 tuple("rf:" + paid.value() + ":merchant:post", TransferStatus.POSTED));
        assertThat(transfersOf(cancelled)).extracting(Transfer::status)
                .containsExactly(TransferStatus.PENDING, TransferStatus.VOIDED, TransferStatus.PENDING,
                                 TransferStatus.VOIDED);
    }

    private InvoiceRefundRequested refund(RefundId refund, SettlementId settlement, String amount, String fee,
                                          String share) {
        return new InvoiceRefundRequested(invoice, merchant, Mode.LIVE, refund, settlement, Chain.TRON,
                                          new RefundSplit(usdt(amount), usdt(fee), usdt(share)), "TCustomer", null,
                                          null, false, null, t0.plusSeconds(80));
    }

    @Test
    void confirmedMoneyThatPaysNoInvoiceMovesToTheMerchantsUnappliedFundsOnce() {
        events.publish("Invoice", invoice, new InvoiceCreated(invoice, merchant, "order-" + invoice.value(),
                usdt("4.00"), Chain.TRON, "TDepositAddress", 7, 1, 100, null, Map.of(), t0, t0.plusSeconds(900)));
        events.publish("Invoice", invoice, new InvoiceCancelled(invoice, merchant, t0.plusSeconds(1)));
        PaymentId payment = TestEvents.paymentId();
        detected(payment, "4.00", 1);
        confirmed(payment, "4.00");
        awaitBalances("0.00", "4.00", "0.00");

        InvoicePaymentUnapplied unapplied = new InvoicePaymentUnapplied(invoice, merchant, payment, usdt("4.00"),
                UnappliedReason.INVOICE_CANCELLED, usdt("0"), InvoiceStatus.CANCELLED, t0.plusSeconds(40));
        events.publish("Invoice", invoice, unapplied);
        events.publish("Invoice", invoice, unapplied); // delivered twice: booked once

        await().atMost(PATIENCE).untilAsserted(() -> assertBalances("0.00", "0.00", "0.00", "4.00"));
        assertLedgerBalanced();
        assertThat(transfersOf(payment)).extracting(Transfer::id, Transfer::debitAccount, Transfer::creditAccount)
                .contains(tuple(pendingId(payment, 1) + ":unapplied", "merchant-pending:USDT:" + merchant.value(),
                                "merchant-unapplied:USDT:" + merchant.value()));
        // Never revenue, never settled money.
        assertThat(account("merchant-available:USDT:" + merchant.value()).postedBalance()).isZero();
    
        // Refunded to the customer: out of the unapplied account, nothing from revenue or the merchant's balance.
        FundsId funds = FundsId.of(merchant, Mode.LIVE);
        RefundId refund = RefundId.of("rf_" + TestEvents.invoiceId().value().substring(4));
        InvoiceRefundRequested request = new InvoiceRefundRequested(
                invoice, merchant, Mode.LIVE, refund, null, Chain.TRON,
                new RefundSplit(usdt("4.00"), usdt("0"), usdt("0"), usdt("4.00")), "TCustomer", null, null, false,
                null, t0.plusSeconds(80));
        FundsBalance any = FundsBalance.zero(Asset.USDT);
        events.publish("MerchantFunds", funds, new RefundReserved(funds, request, any));
        events.publish("MerchantFunds", funds, new RefundReservationPosted(funds, merchant, Mode.LIVE, refund,
                                                                           usdt("0"), any, t0.plusSeconds(90)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(balances().refunded()).isEqualTo("4.00"));
        assertThat(balances().unapplied()).isEqualTo("0.00");
        assertLedgerBalanced();
        assertThat(transfersOf(refund)).extracting(Transfer::id).containsExactly(
                "rf:" + refund.value() + ":unapplied", "rf:" + refund.value() + ":unapplied:post");
    }

    @Test
    void aRefundOfUnappliedFundsIsSpreadOverTheInvoicesEntriesOldestFirstOnce() {
        events.publish("Invoice", invoice, new InvoiceCreated(invoice, merchant, "order-" + invoice.value(),
                usdt("4.00"), Chain.TRON, "TDepositAddress", 7, 1, 100, null, Map.of(), t0, t0.plusSeconds(900)));
        events.publish("Invoice", invoice, new InvoiceCancelled(invoice, merchant, t0.plusSeconds(1)));
        PaymentId first = TestEvents.paymentId();
        PaymentId second = TestEvents.paymentId();
        PaymentId reversed = TestEvents.paymentId();
        detected(first, "4.00", 1);
        confirmed(first, "4.00");
        detected(reversed, "9.00", 1);
        confirmed(reversed, "9.00");
        detected(second, "3.00", 1);
        confirmed(second, "3.00");
        events.publish("Invoice", invoice, new InvoicePaymentUnapplied(invoice, merchant, first, usdt("4.00"),
                UnappliedReason.INVOICE_CANCELLED, usdt("0"), InvoiceStatus.CANCELLED, t0.plusSeconds(40)));
        events.publish("Invoice", invoice, new InvoicePaymentUnapplied(invoice, merchant, reversed, usdt("9.00"),
                UnappliedReason.INVOICE_CANCELLED, usdt("0"), InvoiceStatus.CANCELLED, t0.plusSeconds(41)));
        events.publish("Invoice", invoice, new InvoicePaymentUnapplied(invoice, merchant, second, usdt("3.00"),
                UnappliedReason.INVOICE_CANCELLED, usdt("0"), InvoiceStatus.CANCELLED, t0.plusSeconds(50)));
        events.publish("Invoice", invoice, new InvoicePaymentReversed(invoice, merchant, reversed, usdt("9.00"),
                true, null, usdt("0"), InvoiceStatus.CANCELLED, t0.plusSeconds(55)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(unappliedReport()).hasSize(3));

        RefundId refund = RefundId.of("rf_" + TestEvents.invoiceId().value().substring(4));
        RefundConfirmed refunded = refundConfirmed(refund, "5.00", t0.plusSeconds(95));
        events.publish("Refund", refund, refunded);
        events.publish("Refund", refund, refunded); // delivered twice: spread once

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(unappliedReport())
                .extracting(UnappliedFund::paymentId, UnappliedFund::amount, UnappliedFund::refunded,
                            UnappliedFund::refundedAt)
                .containsExactly(tuple(first.value(), "4.00", "4.00", t0.plusSeconds(95)),
                                 tuple(reversed.value(), "9.00", "0.00", null),
                                 tuple(second.value(), "3.00", "1.00", t0.plusSeconds(95))));
    }

    private RefundConfirmed refundConfirmed(RefundId refund, String unapplied, Instant at) {
        return new RefundConfirmed(new RefundState(refund, invoice, merchant, Mode.LIVE, Chain.TRON, usdt(unapplied),
                usdt("0"), usdt("0"), usdt(unapplied), "refund", RefundStatus.CONFIRMED, null, null, "TCustomer",
                false, 1, "tx-" + refund.value(), 42L, null, t0.plusSeconds(80), at));
    }

    private List<UnappliedFund> unappliedReport() {
        return queries.query(new ListUnappliedFunds(merchant, LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1),
                                                    Mode.LIVE),
                             ResponseTypes.multipleInstancesOf(UnappliedFund.class)).join();
    }

    @Test
    void aFailedPaymentIsVoidedAndLeavesNothing() {
        PaymentId payment = TestEvents.paymentId();
        detected(payment, "25.00", 1);
        awaitBalances("25.00", "0.00", "0.00");

        events.publish("Payment", payment, new PaymentFailed(payment, invoice, merchant, usdt("25.00"), "reverted",
                                                              t0.plusSeconds(5)));

        awaitBalances("0.00", "0.00", "0.00");
        assertThat(transfersOf(payment)).extracting(Transfer::id, Transfer::status)
                .containsExactlyInAnyOrder(
                        tuple(pendingId(payment, 1), TransferStatus.PENDING),
                        tuple(pendingId(payment, 1) + ":void", TransferStatus.VOIDED));
        AccountBalance pending = account("merchant-pending:USDT:" + merchant.value());
        assertThat(pending).isEqualTo(new AccountBalance(pending.account(), 0, 0, 0, 0));
    }

    @Test
    void anOrphanedPaymentIsVoidedAndAFailureAfterwardsBooksNothingMore() {
        PaymentId payment = TestEvents.paymentId();
        detected(payment, "3.50", 1);
        awaitBalances("3.50", "0.00", "0.00");

        orphaned(payment, "3.50");
        awaitBalances("0.00", "0.00", "0.00");
        events.publish("Payment", payment, new PaymentFailed(payment, invoice, merchant, usdt("3.50"), "gone",
                                                              t0.plusSeconds(9)));
        marker("0.01");

        assertThat(transfersOf(payment)).extracting(Transfer::status)
                .containsExactlyInAnyOrder(TransferStatus.PENDING, TransferStatus.VOIDED);
        assertBalances("0.01", "0.00", "0.00");
    }

    @Test
    void anOrphanedPaymentSeenAgainAndConfirmedPostsOnce() {
        PaymentId payment = TestEvents.paymentId();
        detected(payment, "12.00", 1);
        awaitBalances("12.00", "0.00", "0.00");
        orphaned(payment, "12.00");
        awaitBalances("0.00", "0.00", "0.00");

        detected(payment, "12.00", 2);
        awaitBalances("12.00", "0.00", "0.00");
        confirmed(payment, "12.00");
        awaitBalances("0.00", "12.00", "0.00");

        List<Transfer> transfers = transfersOf(payment);
        assertThat(transfers).filteredOn(t -> t.status() == TransferStatus.POSTED).singleElement()
                .satisfies(t -> assertThat(t.pendingId()).isEqualTo(pendingId(payment, 2)));
        assertThat(transfers).filteredOn(t -> t.status() == TransferStatus.VOIDED).singleElement()
                .satisfies(t -> assertThat(t.pendingId()).isEqualTo(pendingId(payment, 1)));
        assertThat(transfers).hasSize(4);
    }

    @Test
    void aCompletedSettlementMovesTheNetToAvailableAndTheFeeToPlatformRevenue() {
        PaymentId payment = TestEvents.paymentId();
        long revenueBefore = account("platform-fee-revenue:USDT").postedBalance();
        detected(payment, "9.99", 1);
        confirmed(payment, "9.99");
        awaitBalances("0.00", "9.99", "0.00");

        FeeSplit split = FeePolicy.split(usdt("9.99"), 100, 2);
        assertThat(split.fee()).isEqualTo(usdt("0.10"));
        SettlementId settlement = settle(split);

        awaitBalances("0.00", "0.00", "9.89");
        assertThat(account("platform-fee-revenue:USDT").postedBalance() - revenueBefore).isEqualTo(100_000L);
        assertThat(transfersOf(settlement)).extracting(Transfer::id, Transfer::debitAccount, Transfer::creditAccount,
                                                       Transfer::amount, Transfer::status)
                .containsExactlyInAnyOrder(
                        tuple("stl:" + settlement.value() + ":net",
                                "merchant-pending:USDT:" + merchant.value(),
                                "merchant-available:USDT:" + merchant.value(), 9_890_000L, TransferStatus.POSTED),
                        tuple("stl:" + settlement.value() + ":fee",
                                "merchant-pending:USDT:" + merchant.value(), "platform-fee-revenue:USDT",
                                100_000L, TransferStatus.POSTED));
    }

    @Test
    void aSettlementWithoutFeeBooksOnlyTheNet() {
        PaymentId payment = TestEvents.paymentId();
        detected(payment, "5.00", 1);
        confirmed(payment, "5.00");
        awaitBalances("0.00", "5.00", "0.00");

        SettlementId settlement = settle(FeePolicy.split(usdt("5.00"), 0, 2), 0);

        awaitBalances("0.00", "0.00", "5.00");
        assertThat(transfersOf(settlement)).extracting(Transfer::id)
                .containsExactly("stl:" + settlement.value() + ":net");
    }

    @Test
    void everyEventDeliveredTwiceBooksOnce() {
        PaymentId payment = TestEvents.paymentId();
        long revenueBefore = account("platform-fee-revenue:USDT").postedBalance();
        detected(payment, "9.99", 1);
        detected(payment, "9.99", 1);
        confirmed(payment, "9.99");
        confirmed(payment, "9.99");
        SettlementId settlement = settle(FeePolicy.split(usdt("9.99"), 100, 2));
        events.publish("Settlement", settlement, new SettlementCompleted(settlement, invoice, merchant, usdt("9.99"),
                usdt("0.10"), usdt("9.89"), t0.plusSeconds(60)));
        PaymentId other = TestEvents.paymentId();
        detected(other, "1.00", 1);
        orphaned(other, "1.00");
        orphaned(other, "1.00");

        // The merchant's events are booked in order, so once the marker shows, every duplicate before it was seen.
        marker("0.02");
        assertBalances("0.02", "0.00", "9.89");
        assertThat(transfersOf(payment)).hasSize(2);
        assertThat(transfersOf(settlement)).hasSize(2);
        assertThat(transfersOf(other)).hasSize(2);
        assertThat(account("platform-fee-revenue:USDT").postedBalance() - revenueBefore).isEqualTo(100_000L);
    }

    @Test
    void aRebuildFromTheEventStoreYieldsIdenticalRows() {
        PaymentId settled = TestEvents.paymentId();
        PaymentId withdrawn = TestEvents.paymentId();
        PaymentId open = TestEvents.paymentId();
        detected(settled, "40.00", 1);
        confirmed(settled, "40.00");
        settle(FeePolicy.split(usdt("40.00"), 250, 2), 250);
        detected(withdrawn, "7.00", 1);
        orphaned(withdrawn, "7.00");
        detected(open, "2.00", 1);
        awaitBalances("2.00", "0.00", "39.00");
        List<Map<String, Object>> accounts = rows("SELECT * FROM query.ledger_accounts ORDER BY id");
        List<Map<String, Object>> transfers = rows("SELECT * FROM query.ledger_transfers ORDER BY id");
        assertThat(transfers).hasSizeGreaterThanOrEqualTo(7);

        StreamingEventProcessor ledger = processing.eventProcessor(LedgerProjection.GROUP,
                                                                   StreamingEventProcessor.class).orElseThrow();
        ledger.shutDown();
        ledger.resetTokens();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM query.ledger_accounts", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM query.ledger_transfers", Long.class)).isZero();
        long head = eventStore.createHeadToken().position().orElseThrow();
        ledger.start();

        // A segment stays "replaying" until it sees an event past the reset point, so wait for positions instead.
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(ledger.processingStatus()).isNotEmpty();
            assertThat(ledger.processingStatus().values()).allSatisfy(status -> {
                assertThat(status.isErrorState()).isFalse();
                assertThat(status.getCurrentPosition().orElse(-1)).isGreaterThanOrEqualTo(head);
            });
            assertThat(rows("SELECT * FROM query.ledger_transfers ORDER BY id")).isEqualTo(transfers);
            assertThat(rows("SELECT * FROM query.ledger_accounts ORDER BY id")).isEqualTo(accounts);
        });
        assertLedgerBalanced();
    }

    @Test
    void theLedgerProcessorSequencesByMerchant() {
        assertThat(processing.sequencingPolicy(LedgerProjection.GROUP))
                .isInstanceOf(LedgerProcessingConfiguration.PerMerchantPolicy.class);
    }

    @Test
    void theDatabaseRefusesABalanceBelowZero() {
        String id = "merchant-pending:USDT:" + merchant.value();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO query.ledger_accounts (id, kind, merchant_id, asset) "
                        + "VALUES (?, 'MERCHANT_PENDING', ?, 'USDT')", id, merchant.value());
            jdbc.update("UPDATE query.ledger_accounts SET debits_posted = 1 WHERE id = ?", id);
        })).isInstanceOf(DataIntegrityViolationException.class)
           .hasMessageContaining("ledger_accounts_balance_not_negative");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM query.ledger_accounts WHERE id = ?", Long.class, id))
                .isZero();
    }

    // ------------------------------------------------------------------ events

    private void detected(PaymentId payment, String amount, int detection) {
        String[] parts = payment.value().split(":");
        events.publish("Payment", payment, new PaymentDetected(payment, invoice, merchant, Chain.TRON, parts[1],
                Integer.parseInt(parts[2]), "TFromAddress", "TDepositAddress", usdt(amount), 1, detection,
                t0.plus(detection - 1, ChronoUnit.MINUTES), null));
    }

    private void confirmed(PaymentId payment, String amount) {
        events.publish("Payment", payment, new PaymentConfirmed(payment, invoice, merchant, usdt(amount), "0xblock",
                                                                1, t0.plusSeconds(30)));
    }

    private void orphaned(PaymentId payment, String amount) {
        events.publish("Payment", payment, new PaymentOrphaned(payment, invoice, merchant, usdt(amount), "0xblock",
                                                               t0.plusSeconds(20)));
    }

    private SettlementId settle(FeeSplit split) {
        return settle(split, 100);
    }

    private SettlementId settle(FeeSplit split, int feeBasisPoints) {
        InvoiceId settledInvoice = TestEvents.invoiceId();
        SettlementId settlement = SettlementId.forInvoice(settledInvoice);
        events.publish("Settlement", settlement, new SettlementCreated(settlement, settledInvoice, merchant,
                split.gross(), split.fee(), split.net(), feeBasisPoints, 2, t0.plusSeconds(40)));
        events.publish("Settlement", settlement, new SettlementCompleted(settlement, settledInvoice, merchant,
                split.gross(), split.fee(), split.net(), t0.plusSeconds(41)));
        return settlement;
    }

    /** A detection of its own, booked after everything this merchant published before. */
    private void marker(String incoming) {
        detected(TestEvents.paymentId(), incoming, 1);
        await().atMost(PATIENCE).until(() -> balances().incoming().equals(incoming));
    }

    // ------------------------------------------------------------------ reading

    private AssetBalance balances() {
        MerchantBalances all = queries.query(new FindMerchantBalances(merchant),
                                             ResponseTypes.instanceOf(MerchantBalances.class)).join();
        assertThat(all.merchantId()).isEqualTo(merchant);
        assertThat(all.balances()).extracting(AssetBalance::asset).containsExactly(Asset.USDT);
        return all.balances().get(0);
    }

    private void awaitBalances(String incoming, String pending, String available) {
        await().atMost(PATIENCE).untilAsserted(() -> assertBalances(incoming, pending, available));
        assertLedgerBalanced();
    }

    private void assertBalances(String incoming, String pending, String available) {
        assertBalances(incoming, pending, available, "0.00");
    }

    private void assertBalances(String incoming, String pending, String available, String unapplied) {
        assertThat(balances()).isEqualTo(new AssetBalance(Asset.USDT, incoming, pending, available, "0.00",
                                                          unapplied, "0.00", "0.00", "0.00"));
    }

    /** Debits equal credits, pending and posted separately, over the whole ledger. */
    private void assertLedgerBalanced() {
        List<Map<String, Object>> sums = rows("SELECT asset, SUM(debits_pending) dp, SUM(credits_pending) cp, "
                + "SUM(debits_posted) dpo, SUM(credits_posted) cpo FROM query.ledger_accounts GROUP BY asset");
        assertThat(sums).isNotEmpty().allSatisfy(row -> {
            assertThat(row.get("dp")).isEqualTo(row.get("cp"));
            assertThat(row.get("dpo")).isEqualTo(row.get("cpo"));
        });
    }

    /** A payment of 9.99, settled (0.10 fee, 9.89 net) and final. */
    private void settledAndFinal() {
        PaymentId payment = TestEvents.paymentId();
        detected(payment, "9.99", 1);
        confirmed(payment, "9.99");
        SettlementId settlement = settle(FeePolicy.split(usdt("9.99"), 100, 2));
        events.publish("Invoice", invoice, new InvoiceSettlementFinal(invoice, merchant, settlement,
                                                                      t0.plusSeconds(60)));
        await().atMost(PATIENCE).until(() -> balances().finalAmount().equals("9.89"));
    }

    private AccountBalance account(String id) {
        List<AccountBalance> found = jdbc.query(
                "SELECT debits_pending, credits_pending, debits_posted, credits_posted FROM query.ledger_accounts "
                + "WHERE id = ?", (rs, i) -> new AccountBalance(parse(id), rs.getLong(1), rs.getLong(2),
                                                                rs.getLong(3), rs.getLong(4)), id);
        return found.isEmpty() ? AccountBalance.opened(parse(id)) : found.get(0);
    }

    private static LedgerAccount parse(String id) {
        String[] parts = id.split(":");
        AccountKind kind = Arrays.stream(AccountKind.values()).filter(k -> k.code().equals(parts[0]))
                                           .findFirst().orElseThrow();
        return LedgerAccount.of(kind, parts.length > 2 ? MerchantId.of(parts[2]) : null, Asset.valueOf(parts[1]));
    }

    private List<Transfer> transfersOf(Object source) {
        return jdbc.query("SELECT * FROM query.ledger_transfers WHERE source_id = ? ORDER BY id",
                          (rs, i) -> new Transfer(rs.getString("id"), rs.getString("debit_account"),
                                  rs.getString("credit_account"), Asset.valueOf(rs.getString("asset")),
                                  rs.getLong("amount"), TransferStatus.valueOf(rs.getString("status")),
                                  rs.getString("pending_id"), rs.getString("source_id"),
                                  rs.getString("cause_event_id"), rs.getString("cause_event_type"),
                                  rs.getTimestamp("created_at").toInstant()),
                          source.toString());
    }

    private List<Map<String, Object>> rows(String sql) {
        return jdbc.queryForList(sql);
    }

    private static String pendingId(PaymentId payment, int detection) {
        return "pay:" + payment.value() + ":" + detection;
    }
}
