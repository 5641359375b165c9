package dev.tally.query.payout;

import dev.tally.kernel.funds.FundsBalance;
import dev.tally.kernel.funds.FundsCredited;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutAddressChanged;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoiceSettlementFinal;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payout.PayoutAddressView;
import dev.tally.kernel.payout.PayoutBroadcast;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.payout.PayoutStatus;
import dev.tally.kernel.payout.PayoutView;
import dev.tally.kernel.settlement.FeePolicy;
import dev.tally.kernel.settlement.FeeSplit;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.TestEvents;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tally.query.TestEvents.usdt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Payouts, payout addresses and balances as the events left them; a step seen twice or late changes nothing. */
class PayoutProjectionTest extends QuerySideTestBase {
    private static final String TO = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";

    @Autowired
    QueryGateway queries;

    final MerchantId merchant = TestEvents.merchantId();
    final FundsId funds = FundsId.of(merchant, Mode.LIVE);
    final Instant t0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    private PayoutId newPayout() {
        return PayoutId.of("po_" + TestEvents.invoiceId().value().substring(4));
    }

    private static FundsBalance balance(String pending, String available, String reserved) {
        return new FundsBalance(usdt(pending), usdt(available), usdt(reserved));
    }

    private PayoutBroadcast broadcast(PayoutId payout, String txHash) {
        return new PayoutBroadcast(payout, funds, merchant, Mode.LIVE, Chain.TRON, TO, usdt("5.00"), txHash,
                                   t0.plusSeconds(1), PayoutStatus.BROADCAST, PayoutTrigger.MANUAL);
    }

    /**
     * The history that makes 10.00 final for the merchant, as the ledger (which also books payouts, and refuses one
     * beyond the merchant's final money) and the funds saw it.
     */
    private void earnFinal() {
        InvoiceId invoice = TestEvents.invoiceId();
        PaymentId payment = TestEvents.paymentId();
        String[] parts = payment.value().split(":");
        events.publish("Payment", payment, new PaymentDetected(payment, invoice, merchant, Chain.TRON, parts[1],
                Integer.parseInt(parts[2]), "TFromAddress", "TDepositAddress", usdt("10.00"), 1, 1, t0, null));
        events.publish("Payment", payment, new PaymentConfirmed(payment, invoice, merchant, usdt("10.00"), "0xblock",
                                                                1, t0));
        SettlementId settlement = SettlementId.forInvoice(invoice);
        FeeSplit split = FeePolicy.split(usdt("10.00"), 0, 2);
        events.publish("Settlement", settlement, new SettlementCreated(settlement, invoice, merchant, split.gross(),
                split.fee(), split.net(), 0, 2, t0));
        events.publish("Settlement", settlement, new SettlementCompleted(settlement, invoice, merchant,
                split.gross(), split.fee(), split.net(), t0));
        events.publish("MerchantFunds", funds, new FundsCredited(funds, merchant, Mode.LIVE, settlement,
                usdt("10.00"), balance("10.00", "0", "0"), t0));
        events.publish("Invoice", invoice, new InvoiceSettlementFinal(invoice, merchant, settlement, t0));
    }

    @Test
    void aPayoutIsShownAsEachStepLeftItAndNeverGoesBack() {
        PayoutId confirmed = newPayout();
        PayoutId failed = newPayout();
        earnFinal();
        events.publish("MerchantFunds", funds, new PayoutReserved(funds, merchant, Mode.LIVE, confirmed, Chain.TRON,
                TO, usdt("5.00"), balance("0", "5.00", "5.00"), t0, PayoutTrigger.MANUAL));
        events.publish("MerchantFunds", funds, new PayoutReserved(funds, merchant, Mode.LIVE, failed, Chain.TRON,
                TO, usdt("5.00"), balance("0", "0", "10.00"), t0.plusNanos(1000), PayoutTrigger.MANUAL));
        events.publish("Payout", confirmed, broadcast(confirmed, "aa11"));
        PayoutConfirmed done = new PayoutConfirmed(confirmed, funds, merchant, Mode.LIVE, Chain.TRON, TO,
                usdt("5.00"), "aa11", 42, t0.plusSeconds(9), PayoutStatus.CONFIRMED, PayoutTrigger.MANUAL,
                new NetworkFee("ETH", "0.000063128"));
        events.publish("Payout", confirmed, done);
        events.publish("Payout", confirmed, done); // delivered twice
        events.publish("Payout", confirmed, broadcast(confirmed, "aa11")); // an old step late: changes nothing
        events.publish("Payout", failed, broadcast(failed, "bb22"));
        events.publish("Payout", failed, new PayoutFailed(failed, funds, merchant, Mode.LIVE, Chain.TRON, TO,
                usdt("5.00"), "bb22", "reverted", t0.plusSeconds(9), PayoutStatus.FAILED, PayoutTrigger.MANUAL));
        events.publish("MerchantFunds", funds, new PayoutAddressChanged(funds, merchant, Mode.LIVE, Chain.TRON, TO,
                null, t0, t0));
        awaitProcessed(PayoutProjection.GROUP);

        PayoutView paid = find(confirmed).orElseThrow();
        assertThat(paid.status()).isEqualTo(PayoutStatus.CONFIRMED);
        assertThat(paid.txHash()).isEqualTo("aa11");
        assertThat(paid.blockNumber()).isEqualTo(42L);
        assertThat(paid.amount()).isEqualTo("5.00");
        assertThat(paid.livemode()).isTrue();
        assertThat(paid.networkFee()).isEqualTo(new NetworkFee("ETH", "0.000063128"));
        PayoutView refused = find(failed).orElseThrow();
        assertThat(refused.status()).isEqualTo(PayoutStatus.FAILED);
        assertThat(refused.failureReason()).isEqualTo("reverted");
        assertThat(refused.blockNumber()).isNull();
        assertThat(refused.networkFee()).isNull();

        PayoutPage page = queries.query(new ListPayouts(merchant, Mode.LIVE, 1, null),
                                        ResponseTypes.instanceOf(PayoutPage.class)).join();
        assertThat(page.items()).extracting(PayoutView::id).containsExactly(failed.value());
        assertThat(page.balances()).containsExactly(new FundsBalanceView(Asset.USDT, "0.00", "0.00", "10.00"));
        PayoutPage next = queries.query(new ListPayouts(merchant, Mode.LIVE, 1, page.nextCursor()),
                                        ResponseTypes.instanceOf(PayoutPage.class)).join();
        assertThat(next.items()).extracting(PayoutView::id).containsExactly(confirmed.value());
        assertThat(next.nextCursor()).isNull();

        // Another merchant, or the other mode, finds nothing.
        assertThat(queries.query(new FindPayout(TestEvents.merchantId(), confirmed, Mode.LIVE),
                                 ResponseTypes.optionalInstanceOf(PayoutView.class)).join()).isEmpty();
        assertThat(queries.query(new FindPayout(merchant, confirmed, Mode.TEST),
                                 ResponseTypes.optionalInstanceOf(PayoutView.class)).join()).isEmpty();
        List<PayoutAddressView> addresses = queries.query(new ListPayoutAddresses(merchant, Mode.LIVE),
                ResponseTypes.multipleInstancesOf(PayoutAddressView.class)).join();
        assertThat(addresses).containsExactly(new PayoutAddressView("tron", TO, null, t0, t0, true));

        List<List<Map<String, Object>>> rows = rebuild(PayoutProjection.GROUP,
                "SELECT * FROM query.payouts ORDER BY payout_id",
                "SELECT * FROM query.payout_addresses ORDER BY merchant_id, mode, chain",
                "SELECT * FROM query.funds_balances ORDER BY merchant_id, mode, asset");
        assertThat(rows.get(1)).isEqualTo(rows.get(0));
    }

    private Optional<PayoutView> find(PayoutId payout) {
        return await().atMost(PATIENCE).until(() -> queries.query(new FindPayout(merchant, payout, Mode.LIVE),
                ResponseTypes.optionalInstanceOf(PayoutView.class)).join(), Optional::isPresent);
    }
}
