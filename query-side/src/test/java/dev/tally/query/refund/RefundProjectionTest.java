package dev.tally.query.refund;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.refund.FindRefundClaim;
import dev.tally.kernel.refund.ListInvoiceRefundsForCustomer;
import dev.tally.kernel.refund.RefundAddressClaimed;
import dev.tally.kernel.refund.RefundBroadcast;
import dev.tally.kernel.refund.RefundClaimView;
import dev.tally.kernel.refund.RefundCreated;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.refund.RefundView;
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

/** Refunds as their latest step left them, for their merchant and, by claim link, their customer. */
class RefundProjectionTest extends QuerySideTestBase {
    private static final String CUSTOMER = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";

    @Autowired
    QueryGateway queries;

    final MerchantId merchant = TestEvents.merchantId();
    final Instant t0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    private RefundState open(RefundId refund, InvoiceId invoice, String claimId, Instant at) {
        return new RefundState(refund, invoice, merchant, Mode.TEST, Chain.TRON, usdt("2.00"), usdt("0.02"),
                               usdt("1.98"), null, "overpaid", RefundStatus.AWAITING_ADDRESS, claimId,
                               at.plusSeconds(3600), null, false, 1, null, null, null, at, at);
    }

    @Test
    void aRefundIsShownAsItsLatestStepLeftItAndItsClaimShowsNoMerchantFigures() {
        InvoiceId invoice = TestEvents.invoiceId();
        RefundId first = RefundId.of("rf_" + TestEvents.invoiceId().value().substring(4));
        RefundId second = RefundId.of("rf_" + TestEvents.invoiceId().value().substring(4));
        String claimId = "rfc_" + TestEvents.invoiceId().value().substring(4);
        RefundState created = open(first, invoice, claimId, t0);
        RefundState claimed = created.withAddress(CUSTOMER).moved(RefundStatus.AWAITING_APPROVAL, t0.plusSeconds(5));
        RefundState broadcast = claimed.moved(RefundStatus.APPROVED, t0.plusSeconds(6))
                                       .withTransaction("ab12", null, null)
                                       .moved(RefundStatus.BROADCAST, t0.plusSeconds(7));
        events.publish("Refund", first, new RefundCreated(created));
        events.publish("Refund", first, new RefundAddressClaimed(claimed));
        events.publish("Refund", first, new RefundBroadcast(broadcast));
        events.publish("Refund", second, new RefundCreated(open(second, invoice, null, t0.plusSeconds(1))));

        RefundView shown = await().atMost(PATIENCE).until(
                () -> find(merchant, first, Mode.TEST),
                view -> view.isPresent() && view.get().status() == RefundStatus.BROADCAST).orElseThrow();
        assertThat(shown).isEqualTo(RefundView.of(broadcast));
        assertThat(shown.claimUrl()).isEqualTo("/refund/" + claimId);
        // An older step seen again changes nothing.
        events.publish("Refund", first, new RefundCreated(created));
        await().atMost(PATIENCE).until(() -> find(merchant, second, Mode.TEST).isPresent());

        RefundPage page = queries.query(new ListRefunds(merchant, Mode.TEST, invoice, 1, null),
                                        ResponseTypes.instanceOf(RefundPage.class)).join();
        assertThat(page.data()).extracting(RefundView::id).containsExactly(second.value());
        RefundPage next = queries.query(new ListRefunds(merchant, Mode.TEST, invoice, 1, page.nextCursor()),
                                        ResponseTypes.instanceOf(RefundPage.class)).join();
        assertThat(next.data()).extracting(RefundView::id, RefundView::status)
                               .containsExactly(org.assertj.core.groups.Tuple.tuple(first.value(),
                                                                                    RefundStatus.BROADCAST));
        assertThat(next.nextCursor()).isNull();

        // Another merchant, or the other mode, finds nothing.
        assertThat(find(TestEvents.merchantId(), first, Mode.TEST)).isEmpty();
        assertThat(find(merchant, first, Mode.LIVE)).isEmpty();

        RefundClaimView claim = queries.query(new FindRefundClaim(claimId),
                                              ResponseTypes.optionalInstanceOf(RefundClaimView.class))
                                       .join().orElseThrow();
        assertThat(claim.amount()).isEqualTo("2.00");
        assertThat(claim.status()).isEqualTo(RefundStatus.BROADCAST);
        assertThat(claim.address()).isEqualTo(CUSTOMER);
        assertThat(claim.txHash()).isEqualTo("ab12");
        assertThat(queries.query(new FindRefundClaim("rfc_unknown"),
                                 ResponseTypes.optionalInstanceOf(RefundClaimView.class)).join()).isEmpty();

        // The payment page's list: oldest first, amounts and statuses, never a claim link.
        List<RefundClaimView> forCustomer = queries.query(new ListInvoiceRefundsForCustomer(invoice),
                ResponseTypes.multipleInstancesOf(RefundClaimView.class)).join();
        assertThat(forCustomer).extracting(RefundClaimView::refundId).containsExactly(first.value(), second.value());
        assertThat(forCustomer).allSatisfy(view -> assertThat(view.claimExpiresAt()).isNull());

        List<List<Map<String, Object>>> rows = rebuild(RefundProjection.GROUP,
                                                       "SELECT * FROM query.refunds ORDER BY refund_id");
        assertThat(rows.get(1)).isEqualTo(rows.get(0));
    }

    private Optional<RefundView> find(MerchantId who, RefundId refund, Mode mode) {
        return queries.query(new FindRefund(who, refund, mode), ResponseTypes.optionalInstanceOf(RefundView.class))
                      .join();
    }
}
