package dev.tally.query.checkout;

import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
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

import static org.assertj.core.api.Assertions.assertThat;

/** invoice_summary driven through the real event store and processor. */
class InvoiceSummaryProjectionTest extends QuerySideTestBase {
    @Autowired
    QueryGateway queries;

    final Instant t0 = Instant.parse("2026-04-02T09:00:00Z");

    @Test
    void followsTheInvoiceAndItsPaymentsConfirmations() {
        Story story = new Story(events, TestEvents.merchantId(), "150.00", t0).created(12);
        awaitProcessed(InvoiceSummaryProjection.GROUP);
        PublicInvoiceView created = find(story);
        assertThat(created).isEqualTo(new PublicInvoiceView(story.invoice, InvoiceStatus.PENDING, "150.00",
                Asset.USDT, Chain.TRON, Story.ADDRESS, "Two teas", "0.00", "150.00", 0, 12,
                t0.plus(Duration.ofMinutes(15)), t0, t0, Mode.LIVE));

        story.detected(Duration.ofSeconds(3)).inBlock(Duration.ofSeconds(4), 1);
        awaitProcessed(InvoiceSummaryProjection.GROUP);
        assertThat(find(story).status()).isEqualTo(InvoiceStatus.CONFIRMING);
        assertThat(find(story).confirmations()).isEqualTo(1);

        story.confirmed(Duration.ofSeconds(40), 12);
        awaitProcessed(InvoiceSummaryProjection.GROUP);
        PublicInvoiceView paid = find(story);
        assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(paid.confirmations()).isEqualTo(12);
        assertThat(paid.amountPaid()).isEqualTo("150.00");
        assertThat(paid.amountRemaining()).isEqualTo("0.00");
        assertThat(paid.finalForCustomer()).isFalse();

        story.settled(Duration.ofSeconds(41), "1.50");
        awaitProcessed(InvoiceSummaryProjection.GROUP);
        assertThat(find(story).status()).isEqualTo(InvoiceStatus.SETTLED);
        assertThat(find(story).finalForCustomer()).isTrue();
    }

    @Test
    void theTableHoldsNoFeeAndNoMerchantData() {
        List<String> columns = jdbc.queryForList("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = 'query' AND table_name = 'invoice_summary'", String.class);
        assertThat(columns).isNotEmpty().noneMatch(c -> c.contains("fee") || c.contains("merchant")
                                                        || c.contains("net") || c.contains("metadata"));
    }

    @Test
    void anExpiredInvoiceIsFinal() {
        Story story = new Story(events, TestEvents.merchantId(), "3.00", t0).created(1).expired();
        awaitProcessed(InvoiceSummaryProjection.GROUP);
        assertThat(find(story).status()).isEqualTo(InvoiceStatus.EXPIRED);
        assertThat(find(story).finalForCustomer()).isTrue();
    }

    @Test
    void aRebuildFromTheEventStoreYieldsIdenticalRows() {
        new Story(events, TestEvents.merchantId(), "9.00", t0).created(1).detected(Duration.ofSeconds(1))
                .inBlock(Duration.ofSeconds(2), 1).confirmed(Duration.ofSeconds(3), 1);
        List<List<Map<String, Object>>> rows = rebuild(InvoiceSummaryProjection.GROUP,
                "SELECT * FROM query.invoice_summary ORDER BY invoice_id");
        assertThat(rows.get(0)).isNotEmpty();
        assertThat(rows.get(1)).isEqualTo(rows.get(0));
    }

    private PublicInvoiceView find(Story story) {
        return queries.query(new FindPublicInvoice(story.invoice),
                             ResponseTypes.optionalInstanceOf(PublicInvoiceView.class)).join().orElseThrow();
    }
}
