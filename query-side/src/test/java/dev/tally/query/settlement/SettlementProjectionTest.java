package dev.tally.query.settlement;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static dev.tally.query.TestEvents.usdt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The settlements read model driven through the real event store and processor. */
class SettlementProjectionTest extends QuerySideTestBase {
    @Autowired
    QueryGateway queries;

    final MerchantId merchant = TestEvents.merchantId();
    final Instant t0 = Instant.parse("2026-03-01T10:00:00.123456789Z");

    @Test
    void aSettlementIsPendingWithItsFeeSplitThenCompleted() {
        InvoiceId invoice = TestEvents.invoiceId();
        events.paid(merchant, invoice, usdt("9.99"), t0);
        SettlementId settlement = created(invoice, "9.99", 100, t0);

        SettlementView pending = await().atMost(PATIENCE).until(() -> find(merchant, settlement), Optional::isPresent)
                                        .orElseThrow();
        assertThat(pending).isEqualTo(new SettlementView(settlement, invoice, Asset.USDT, "9.99", "0.10", "1.00",
                "9.89", SettlementStatus.PENDING, Instant.parse("2026-03-01T10:00:00.123456Z"), null, Mode.LIVE));

        events.publish("Settlement", settlement, new SettlementCompleted(settlement, invoice, merchant, usdt("9.99"),
                usdt("0.10"), usdt("9.89"), t0.plusSeconds(2)));

        SettlementView completed = await().atMost(PATIENCE)
                .until(() -> find(merchant, settlement).orElseThrow(),
                       v -> v.status() == SettlementStatus.COMPLETED);
        assertThat(completed.completedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:02.123456Z"));
        assertThat(completed.createdAt()).isEqualTo(pending.createdAt());
        assertThat(completed.netAmount()).isEqualTo("9.89");
    }

    @Test
    void anotherMerchantsSettlementIsNotFound() {
        SettlementId settlement = created(TestEvents.invoiceId(), "10.00", 100, t0);
        await().atMost(PATIENCE).until(() -> find(merchant, settlement), Optional::isPresent);

        assertThat(find(TestEvents.merchantId(), settlement)).isEmpty();
        assertThat(find(merchant, SettlementId.forInvoice(TestEvents.invoiceId()))).isEmpty();
    }

    @Test
    void aRepeatedCreationNeverTakesACompletedSettlementBack() {
        InvoiceId invoice = TestEvents.invoiceId();
        events.paid(merchant, invoice, usdt("1.00"), t0);
        SettlementId settlement = created(invoice, "1.00", 100, t0);
        SettlementCreated again = new SettlementCreated(settlement, invoice, merchant, usdt("1.00"), usdt("0.01"),
                                                        usdt("0.99"), 100, 2, t0);
        events.publish("Settlement", settlement, new SettlementCompleted(settlement, invoice, merchant, usdt("1.00"),
                usdt("0.01"), usdt("0.99"), t0.plusSeconds(1)));
        events.publish("Settlement", settlement, again);
        events.publish("Settlement", settlement, new SettlementCompleted(settlement, invoice, merchant, usdt("1.00"),
                usdt("0.01"), usdt("0.99"), t0.plusSeconds(9)));
        awaitProcessed(SettlementProjection.GROUP);

        SettlementView view = find(merchant, settlement).orElseThrow();
        assertThat(view.status()).isEqualTo(SettlementStatus.COMPLETED);
        assertThat(view.completedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:01.123456Z"));
    }

    @Test
    void listsNewestFirstWithFiltersAndKeysetPaging() {
        Instant base = Instant.parse("2026-03-02T08:00:00Z");
        InvoiceId first = TestEvents.invoiceId();
        SettlementId oldest = created(first, "1.00", 100, base);
        SettlementId middle = created(TestEvents.invoiceId(), "2.00", 250, base.plusSeconds(60));
        SettlementId newest = created(TestEvents.invoiceId(), "3.00", 5, base.plusSeconds(120));
        created(TestEvents.invoiceId(), "4.00", 100, base.plusSeconds(180), TestEvents.merchantId());
        awaitProcessed(SettlementProjection.GROUP);

        SettlementPage page1 = list(new ListSettlements(merchant, null, null, null, 2, null));
        assertThat(page1.items()).extracting(SettlementView::id).containsExactly(newest, middle);
        assertThat(page1.items()).extracting(SettlementView::platformFeePercentage).containsExactly("0.05", "2.50");
        assertThat(page1.nextCursor()).isNotNull();
        SettlementPage page2 = list(new ListSettlements(merchant, null, null, null, 2, page1.nextCursor()));
        assertThat(page2.items()).extracting(SettlementView::id).containsExactly(oldest);
        assertThat(page2.nextCursor()).isNull();

        assertThat(list(new ListSettlements(merchant, first, null, null, 20, null)).items())
                .extracting(SettlementView::id).containsExactly(oldest);
        assertThat(list(new ListSettlements(merchant, null, base.plusSeconds(60), base.plusSeconds(120), 20, null))
                           .items()).extracting(SettlementView::id).containsExactly(middle);
        assertThat(list(new ListSettlements(merchant, null, base.plusSeconds(61), null, 20, null)).items())
                .extracting(SettlementView::id).containsExactly(newest);
    }

    @Test
    void aRebuildFromTheEventStoreYieldsIdenticalRows() {
        InvoiceId invoice = TestEvents.invoiceId();
        events.paid(merchant, invoice, usdt("3.30"), t0);
        SettlementId settlement = created(invoice, "3.30", 100, t0);
        events.publish("Settlement", settlement, new SettlementCompleted(settlement, invoice, merchant, usdt("3.30"),
                usdt("0.03"), usdt("3.27"), t0.plusSeconds(1)));
        created(TestEvents.invoiceId(), "8.00", 100, t0);
        awaitProcessed(SettlementProjection.GROUP);
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM query.settlements ORDER BY settlement_id");
        assertThat(before).hasSizeGreaterThanOrEqualTo(2);

        StreamingEventProcessor views = processing.eventProcessor(SettlementProjection.GROUP,
                                                                  StreamingEventProcessor.class).orElseThrow();
        views.shutDown();
        views.resetTokens();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM query.settlements", Long.class)).isZero();
        views.start();

        awaitProcessed(SettlementProjection.GROUP);
        assertThat(jdbc.queryForList("SELECT * FROM query.settlements ORDER BY settlement_id")).isEqualTo(before);
    }

    @Test
    void aForgedCursorIsRefused() {
        assertThatThrownBy(() -> list(new ListSettlements(merchant, null, null, null, 20, "not*a*cursor")))
                .isInstanceOf(CompletionException.class)
                .rootCause().isInstanceOf(DomainException.class).hasMessageContaining("cursor");
    }

    private SettlementId created(InvoiceId invoice, String gross, int feeBasisPoints, Instant at) {
        return created(invoice, gross, feeBasisPoints, at, merchant);
    }

    private SettlementId created(InvoiceId invoice, String gross, int feeBasisPoints, Instant at, MerchantId owner) {
        SettlementId settlement = SettlementId.forInvoice(invoice);
        FeeSplit split = FeePolicy.split(usdt(gross), feeBasisPoints, 2);
        events.publish("Settlement", settlement, new SettlementCreated(settlement, invoice, owner, split.gross(),
                split.fee(), split.net(), feeBasisPoints, 2, at));
        return settlement;
    }

    private Optional<SettlementView> find(MerchantId owner, SettlementId settlement) {
        return queries.query(new FindSettlement(owner, settlement), ResponseTypes.optionalInstanceOf(SettlementView.class))
                      .join();
    }

    private SettlementPage list(ListSettlements query) {
        return queries.query(query, ResponseTypes.instanceOf(SettlementPage.class)).join();
    }
}
