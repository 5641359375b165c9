package dev.tally.query.attention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.attention.SagaCommandRefused;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.payment.PaymentStatus;
import dev.tally.kernel.payment.PaymentStuck;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.Story;
import dev.tally.query.TestEvents;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Work that waits for a person: on the merchant's dashboard and in tally.attention.open until it is over. */
class AttentionProjectionTest extends QuerySideTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRegistry meters;

    final MerchantId merchant = TestEvents.merchantId();
    final Instant t0 = Instant.parse("2026-10-01T09:00:00Z");

    @Test
    void aStuckPaymentNeedsAttentionUntilItMovesOn() throws Exception {
        Story story = new Story(events, merchant, "5.00", t0).created(1).detected(Duration.ofSeconds(2));
        events.publish("Payment", story.payment, new PaymentStuck(story.payment, story.invoice, merchant,
                PaymentStatus.DETECTED, t0.plusSeconds(2), t0.plus(Duration.ofMinutes(30))));
        awaitProcessed(AttentionProjection.GROUP);

        JsonNode items = attention(merchant).get("items");
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.get("kind").asText()).isEqualTo("PAYMENT_STUCK");
            assertThat(item.get("subjectId").asText()).isEqualTo(story.payment.value());
            assertThat(item.get("invoiceId").asText()).isEqualTo(story.invoice.value());
            assertThat(item.get("reason").asText()).contains("DETECTED");
        });
        assertThat(attention(TestEvents.merchantId()).get("items")).as("another merchant's").isEmpty();
        await().atMost(PATIENCE).until(() -> openGauge("payment_stuck") >= 1);

        story.confirmed(Duration.ofMinutes(31), 1);
        awaitProcessed(AttentionProjection.GROUP);
        assertThat(attention(merchant).get("items")).isEmpty();
    }

    @Test
    void aRefusedSagaStepNeedsAttentionUntilItsInvoiceEnds() throws Exception {
        Story story = new Story(events, merchant, "5.00", t0).created(1);
        events.publish("Refusal", UUID.randomUUID().toString(), new SagaCommandRefused(
                UUID.randomUUID().toString(), merchant, story.invoice, "InvoiceSettlementSaga", "MarkInvoiceSettled",
                "INVALID_STATE", "invoice is PENDING", t0.plusSeconds(30)));
        awaitProcessed(AttentionProjection.GROUP);

        JsonNode item = attention(merchant).get("items").get(0);
        assertThat(item.get("kind").asText()).isEqualTo("COMMAND_REFUSED");
        assertThat(item.get("reason").asText())
                .isEqualTo("InvoiceSettlementSaga: MarkInvoiceSettled was refused (INVALID_STATE: invoice is PENDING)");
        await().atMost(PATIENCE).until(() -> openGauge("command_refused") >= 1);

        events.publish("Invoice", story.invoice, new InvoiceSettled(story.invoice, merchant,
                                                                    SettlementId.forInvoice(story.invoice),
                                                                    t0.plusSeconds(60)));
        awaitProcessed(AttentionProjection.GROUP);
        assertThat(attention(merchant).get("items")).isEmpty();

        // A refusal after the invoice ended (a late duplicate of a step already taken) needs nobody.
        events.publish("Refusal", UUID.randomUUID().toString(), new SagaCommandRefused(
                UUID.randomUUID().toString(), merchant, story.invoice, "InvoiceSettlementSaga", "MarkInvoiceSettled",
                "INVALID_STATE", "invoice is SETTLED", t0.plusSeconds(90)));
        awaitProcessed(AttentionProjection.GROUP);
        assertThat(attention(merchant).get("items")).isEmpty();
    }

    private double openGauge(String kind) {
        return meters.get("tally.attention.open").tag("kind", kind).gauge().value();
    }

    private JsonNode attention(MerchantId of) throws Exception {
        String key = apiKeys.issue(of, ApiScope.REPORTS_READ);
        return JSON.readTree(mvc.perform(get("/api/v1/dashboard/attention").header("Authorization", "Bearer " + key))
                                .andExpect(status().isOk())
                                .andReturn().getResponse().getContentAsString());
    }
}
