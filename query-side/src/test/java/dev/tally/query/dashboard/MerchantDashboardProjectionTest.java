package dev.tally.query.dashboard;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.money.Asset;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.Story;
import dev.tally.query.TestEvents;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** merchant_dashboard driven through the real event store and processor. */
class MerchantDashboardProjectionTest extends QuerySideTestBase {
    @Autowired
    QueryGateway queries;

    final MerchantId merchant = TestEvents.merchantId();
    final Instant t0 = Instant.parse("2026-04-01T09:00:00Z");

    @Test
    void totalsCountsConversionAndLastPaymentPerAsset() {
        Story paid = new Story(events, merchant, "10.00", t0).created(1).detected(Duration.ofSeconds(5))
                .confirmed(Duration.ofSeconds(20), 1).settled(Duration.ofSeconds(21), "0.10");
        new Story(events, merchant, "3.00", t0.plusSeconds(60)).created(1).expired();
        new Story(events, merchant, "4.00", t0.plusSeconds(120)).created(1).detected(Duration.ofSeconds(3));
        new Story(events, merchant, "5.00", t0.plusSeconds(180)).created(1);
        awaitProcessed(MerchantDashboardProjection.GROUP);

        DashboardView view = dashboard(merchant);
        assertThat(view.merchantId()).isEqualTo(merchant);
        assertThat(view.assets()).hasSize(1);
        AssetTotals usdt = view.assets().get(0);
        assertThat(usdt.asset()).isEqualTo(Asset.USDT);
        assertThat(usdt.grossVolume()).isEqualTo("10.00");
        assertThat(usdt.feesCollected()).isEqualTo("0.10");
        assertThat(usdt.net()).isEqualTo("9.90");
        assertThat(usdt.settlements()).isEqualTo(1);
        assertThat(usdt.invoices()).isEqualTo(4);
        assertThat(usdt.paidInvoices()).isEqualTo(1);
        assertThat(usdt.conversionRate()).isEqualTo("0.2500");
        assertThat(usdt.invoicesByStatus()).isEqualTo(Map.of(InvoiceStatus.SETTLED, 1, InvoiceStatus.EXPIRED, 1,
                InvoiceStatus.CONFIRMING, 1, InvoiceStatus.PENDING, 1));
        assertThat(usdt.lastPaymentAt()).isEqualTo(paid.createdAt.plusSeconds(20));
        assertThat(usdt.updatedAt()).isEqualTo(t0.plus(Duration.ofMinutes(15)).plusSeconds(60));
    }

    @Test
    void aMerchantWithoutInvoicesHasNoTotalsAndOthersAreNotCounted() {
        new Story(events, TestEvents.merchantId(), "10.00", t0).created(1);
        awaitProcessed(MerchantDashboardProjection.GROUP);
        assertThat(dashboard(merchant).assets()).isEmpty();
    }

    @Test
    void aRepeatedSettlementCountsOnce() {
        Story story = new Story(events, merchant, "2.00", t0).created(1).detected(Duration.ofSeconds(1))
                .confirmed(Duration.ofSeconds(2), 1).settled(Duration.ofSeconds(3), "0.02");
        story.settled(Duration.ofSeconds(4), "0.02");
        awaitProcessed(MerchantDashboardProjection.GROUP);
        AssetTotals totals = dashboard(merchant).assets().get(0);
        assertThat(totals.grossVolume()).isEqualTo("2.00");
        assertThat(totals.settlements()).isEqualTo(1);
        assertThat(totals.paidInvoices()).isEqualTo(1);
    }

    @Test
    void aRebuildFromTheEventStoreYieldsIdenticalRows() {
        new Story(events, merchant, "7.00", t0).created(1).detected(Duration.ofSeconds(1))
                .confirmed(Duration.ofSeconds(2), 1).settled(Duration.ofSeconds(3), "0.07");
        new Story(events, merchant, "1.00", t0).created(1).expired();
        List<List<Map<String, Object>>> rows = rebuild(MerchantDashboardProjection.GROUP,
                "SELECT * FROM query.merchant_dashboard ORDER BY merchant_id, asset",
                "SELECT * FROM query.merchant_dashboard_status_counts ORDER BY merchant_id, asset, status",
                "SELECT * FROM query.merchant_dashboard_invoices ORDER BY invoice_id");
        assertThat(rows.get(0)).isNotEmpty();
        assertThat(rows.get(1)).isEqualTo(rows.get(0));
    }

    @Test
    void anOpenDashboardIsSentEachBatchsFiguresOnceCommitted() {
        var subscription = queries.subscriptionQuery(new GetMerchantDashboard(merchant),
                ResponseTypes.instanceOf(DashboardView.class), ResponseTypes.instanceOf(DashboardView.class));
        try {
            List<DashboardView> seen = new CopyOnWriteArrayList<>();
            subscription.updates().subscribe(seen::add);
            new Story(events, merchant, "6.00", t0).created(1).detected(Duration.ofSeconds(1))
                    .confirmed(Duration.ofSeconds(2), 1).settled(Duration.ofSeconds(3), "0.06");
            // The last update has the settled figures, and they were committed: a reader asking reads the same.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen).isNotEmpty()
                    .last().satisfies(view -> {
                        AssetTotals totals = view.assets().get(0);
                        assertThat(totals.grossVolume()).isEqualTo("6.00");
                        assertThat(totals.invoicesByStatus()).isEqualTo(Map.of(InvoiceStatus.SETTLED, 1));
                        assertThat(view).isEqualTo(dashboard(merchant));
                    }));
        } finally {
            subscription.cancel();
        }
    }

    private DashboardView dashboard(MerchantId merchantId) {
        return queries.query(new GetMerchantDashboard(merchantId), ResponseTypes.instanceOf(DashboardView.class))
                      .join();
    }
}
