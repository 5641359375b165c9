package dev.tally.query.networkfee;

import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutStatus;
import dev.tally.kernel.refund.RefundConfirmed;
import dev.tally.kernel.refund.RefundFailed;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.sweep.SweepConfirmed;
import dev.tally.kernel.sweep.SweepEnergyReturned;
import dev.tally.kernel.sweep.SweepState;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.TestEvents;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.tally.query.TestEvents.usdt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Every mined transaction's fee is booked once, exactly, against the wallet that paid it: a payout's, each of a
 * refund's attempts, a sweep's and its gas's; test money and unmined transactions book nothing.
 */
class NetworkFeeBookTest extends QuerySideTestBase {
    private static final String TO = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    @Autowired
    QueryGateway queries;

    final MerchantId merchant = TestEvents.merchantId();
    final Instant t0 = Instant.parse("2026-12-07T10:00:00.123456Z");

    @Test
    void eachTransactionsFeeIsBookedOnceAgainstTheWalletThatPaidIt() {
        PayoutId payout = PayoutId.of("po_" + TestEvents.invoiceId().value().substring(4));
        PayoutId testPayout = PayoutId.of("po_" + TestEvents.invoiceId().value().substring(4));
        RefundId refund = RefundId.of("rf_" + TestEvents.invoiceId().value().substring(4));
        SweepId sweep = SweepId.of("sw_" + TestEvents.invoiceId().value().substring(4));
        Map<String, BigDecimal> before = credits(book());
        PayoutConfirmed paid = new PayoutConfirmed(payout, FundsId.of(merchant, Mode.LIVE), merchant, Mode.LIVE,
                Chain.ETHEREUM, TO, usdt("5"), "0xp1", 10, t0, PayoutStatus.CONFIRMED, PayoutTrigger.MANUAL,
                new NetworkFee("ETH", "0.000063128000000001"));
        events.publish("Payout", payout, paid);
        events.publish("Payout", testPayout, new PayoutConfirmed(testPayout, FundsId.of(merchant, Mode.TEST),
                merchant, Mode.TEST, Chain.TRON, "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy", usdt("5"), "aa", 10, t0,
                PayoutStatus.CONFIRMED, PayoutTrigger.MANUAL));
        RefundState attempt = new RefundState(refund, InvoiceId.of("inv_" + refund.value().substring(3)), merchant,
                Mode.LIVE, Chain.ETHEREUM, usdt("1"), usdt("0.01"), usdt("0.99"), null, "overpaid",
                RefundStatus.FAILED, null, null, TO, false, 1, "0xr1", 11L, "reverted", t0, t0.plusSeconds(1),
                new NetworkFee("ETH", "0.00003"));
        events.publish("Refund", refund, new RefundFailed(attempt));
        events.publish("Refund", refund, new RefundConfirmed(new RefundState(
                refund, attempt.invoiceId(), merchant, Mode.LIVE, Chain.ETHEREUM, usdt("1"), usdt("0.01"),
                usdt("0.99"), null, "overpaid", RefundStatus.CONFIRMED, null, null, TO, false, 2, "0xr2", 12L, null,
                t0, t0.plusSeconds(2), new NetworkFee("ETH", "0.00004"))));
        SweepState swept = SweepState.requested(sweep, Chain.ETHEREUM, TO, 3, usdt("70"), t0)
                                     .broadcast("0xs1", t0).confirmed(13, new NetworkFee("ETH", "0.00005"),
                                                                      new NetworkFee("ETH", "0.00002"),
                                                                      t0.plusSeconds(3));
        events.publish("Sweep", sweep, new SweepConfirmed(swept));
        // A Tron sweep's energy, delegated and taken back by the resource account; a test one's costs nothing.
        SweepId tron = SweepId.of("sw_" + TestEvents.invoiceId().value().substring(4));
        events.publish("Sweep", tron, new SweepEnergyReturned(tron, Chain.TRON, Mode.LIVE, "d1",
                                                              NetworkFee.tron(268_000), "r1", NetworkFee.tron(0), t0));
        SweepId testSweep = SweepId.of("sw_" + TestEvents.invoiceId().value().substring(4));
        events.publish("Sweep", testSweep, new SweepEnergyReturned(testSweep, Chain.TRON, Mode.TEST, "d2",
                                                                   NetworkFee.tron(1), "r2", NetworkFee.tron(1), t0));
        events.publish("Payout", payout, paid); // seen again: books nothing more

        List<String> ours = List.of(payout.value(), testPayout.value(), refund.value(), sweep.value(), tron.value(),
                                    testSweep.value());
        await().atMost(PATIENCE).until(() -> mine(book(), ours).size() >= 7);
        NetworkFees book = book();
        assertThat(mine(book, ours)).extracting(NetworkFees.Entry::id, NetworkFees.Entry::amount,
                                              NetworkFees.Entry::creditAccount)
                .containsExactlyInAnyOrder(
                        tuple(payout.value() + "/transaction", "0.000063128000000001",
                              "platform:hot-wallet:ethereum"),
                        tuple(refund.value() + "/1", "0.00003", "platform:hot-wallet:ethereum"),
                        tuple(refund.value() + "/2", "0.00004", "platform:hot-wallet:ethereum"),
                        tuple(sweep.value() + "/transaction", "0.00005", "platform:deposit-gas:ethereum"),
                        tuple(sweep.value() + "/gas", "0.00002", "platform:hot-wallet:ethereum"),
                        tuple(tron.value() + "/energy", "0.268", "platform:resource-account:tron"),
                        tuple(tron.value() + "/energy-return", "0", "platform:resource-account:tron"));
        assertThat(mine(book, ours)).allSatisfy(
                e -> assertThat(e.debitAccount()).isEqualTo("platform:network-fees"));
        // The totals moved by exactly these legs: each wallet credited what it paid, the expense debited the sum.
        Map<String, BigDecimal> after = credits(book);
        assertThat(after.get("platform:deposit-gas:ethereum").subtract(
                before.getOrDefault("platform:deposit-gas:ethereum", BigDecimal.ZERO))).isEqualByComparingTo("0.00005");
        assertThat(after.get("platform:hot-wallet:ethereum").subtract(
                before.getOrDefault("platform:hot-wallet:ethereum", BigDecimal.ZERO)))
                .isEqualByComparingTo("0.000153128000000001");
        assertThat(after.get("platform:network-fees").subtract(
                before.getOrDefault("platform:network-fees", BigDecimal.ZERO)))
                .isEqualByComparingTo("-0.000203128000000001");

        List<List<Map<String, Object>>> rows = rebuild(NetworkFeeBook.GROUP,
                                                       "SELECT * FROM query.network_fee_entries ORDER BY entry_id");
        assertThat(rows.get(1)).isEqualTo(rows.get(0));
    }

    /** Per account, credits less debits, in ether. */
    private static Map<String, BigDecimal> credits(NetworkFees book) {
        Map<String, BigDecimal> net = new HashMap<>();
        book.totals().stream().filter(t -> t.coin().equals("ETH")).forEach(t -> net.merge(t.account(),
                                             new BigDecimal(t.credits()).subtract(new BigDecimal(t.debits())),
                                             BigDecimal::add));
        return net;
    }

    private static List<NetworkFees.Entry> mine(NetworkFees book, List<String> causes) {
        return book.entries().stream().filter(e -> causes.contains(e.causeId())).toList();
    }

    private NetworkFees book() {
        return queries.query(new ListNetworkFees(100), ResponseTypes.instanceOf(NetworkFees.class)).join();
    }
}
