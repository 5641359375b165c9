package dev.tally.integrations.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.integrations.IntegrationsTestBase;
import dev.tally.integrations.InvoiceStory;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.mode.Mode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/events over real HTTP: order, paging, filters, tenant isolation, refusals. */
class EventsApiTest extends IntegrationsTestBase {
    MerchantId merchantA;
    MerchantId merchantB;
    String keyOfA;
    String keyOfB;
    InvoiceStory paidOfA;
    InvoiceStory cancelledOfA;
    InvoiceStory ofB;

    @BeforeEach
    void givenTwoMerchantsWithEvents() {
        merchantA = InvoiceStory.newMerchant();
        merchantB = InvoiceStory.newMerchant();
        keyOfA = apiKeys.issue(Mode.TEST, merchantA, ApiScope.INVOICES_READ);
        keyOfB = apiKeys.issue(Mode.TEST, merchantB, ApiScope.INVOICES_READ);
        paidOfA = new InvoiceStory(merchantA, "9.99");
        cancelledOfA = new InvoiceStory(merchantA, "5.00");
        ofB = new InvoiceStory(merchantB, "7.00");
        PaymentId payment = InvoiceStory.newPaymentId();
        Object[] paid = paidOfA.paidAndSettled(payment);
        append(paid[0], cancelledOfA.created(), ofB.created(), paid[1], paid[2], cancelledOfA.cancelled());
        append(java.util.Arrays.copyOfRange(paid, 3, paid.length));
        append(ofB.expired());
        awaitProcessed(IntegrationEventWriter.GROUP);
    }

    /** The table's rows of a merchant, oldest first: event ids. */
    private List<String> idsInTable(MerchantId merchant) {
        return jdbc.queryForList("SELECT event_id FROM integration.events WHERE merchant_id = ? ORDER BY seq",
                                 String.class, merchant.value());
    }

    @Test
    void pagesWalkEveryEventOfTheMerchantInOrderWithoutGapsOrRepeats() {
        List<String> expected = idsInTable(merchantA);
        assertThat(expected).hasSize(9);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        boolean hasMore = true;
        int pages = 0;
        while (hasMore) {
            Answer answer = get("/api/v1/events?limit=4" + (cursor == null ? "" : "&after=" + cursor), keyOfA);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode page = answer.json();
            page.get("data").forEach(event -> seen.add(event.get("id").asText()));
            hasMore = page.get("hasMore").asBoolean();
            cursor = page.get("nextCursor").asText();
            pages++;
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);

        // an empty page keeps the cursor to poll from, and a later event shows up after it
        JsonNode empty = get("/api/v1/events?after=" + cursor, keyOfA).json();
        assertThat(empty.get("data")).isEmpty();
        assertThat(empty.get("hasMore").asBoolean()).isFalse();
        assertThat(empty.get("nextCursor").asText()).isEqualTo(cursor);

        InvoiceStory later = new InvoiceStory(merchantA, "3.00");
        append(later.created());
        awaitProcessed(IntegrationEventWriter.GROUP);
        JsonNode next = get("/api/v1/events?after=" + cursor, keyOfA).json();
        assertThat(next.get("data")).hasSize(1);
        assertThat(next.at("/data/0/data/object/id").asText()).isEqualTo(later.invoiceId.value());
    }

    @Test
    void eachEventIsTheBodyWebhooksAndKafkaCarry() {
        JsonNode page = get("/api/v1/events?limit=100", keyOfA).json();
        List<String> bodies = jdbc.queryForList("SELECT body FROM integration.events WHERE merchant_id = ? "
                                                + "ORDER BY seq", String.class, merchantA.value());
        assertThat(page.get("data")).hasSameSizeAs(bodies);
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(page.get("data").get(i)).isEqualTo(json(bodies.get(i)));
        }
        JsonNode first = page.at("/data/0");
        assertThat(first.get("type").asText()).isEqualTo("invoice.created");
        assertThat(first.at("/data/object/id").asText()).isEqualTo(paidOfA.invoiceId.value());
        assertThat(first.at("/data/object/amount").asText()).isEqualTo("9.99");
    }

    @Test
    void typesFilterTheList() {
        JsonNode paid = get("/api/v1/events?type=invoice.paid", keyOfA).json();
        assertThat(paid.get("data")).extracting(e -> e.get("type").asText()).containsExactly("invoice.paid");

        JsonNode twoKinds = get("/api/v1/events?type=invoice.created,invoice.cancelled", keyOfA).json();
        assertThat(twoKinds.get("data")).extracting(e -> e.get("type").asText())
                                         .containsExactly("invoice.created", "invoice.created", "invoice.cancelled");
        JsonNode repeated = get("/api/v1/events?type=invoice.created&type=invoice.cancelled", keyOfA).json();
        assertThat(repeated.get("data")).isEqualTo(twoKinds.get("data"));

        JsonNode none = get("/api/v1/events?type=payment.orphaned", keyOfA).json();
        assertThat(none.get("data")).isEmpty();
        assertThat(none.get("nextCursor").asText()).isEqualTo(EventsCursor.encode(0));
    }

    @Test
    void anotherMerchantSeesNoneOfIt() {
        JsonNode ofMerchantB = get("/api/v1/events?limit=100", keyOfB).json();
        assertThat(ofMerchantB.get("data")).extracting(e -> e.at("/data/object/id").asText())
                                           .containsOnly(ofB.invoiceId.value());
        assertThat(ofMerchantB.toString()).doesNotContain(paidOfA.invoiceId.value())
                                          .doesNotContain(cancelledOfA.invoiceId.value())
                                          .doesNotContain(merchantA.value());

        // A's cursor gives B nothing of A's either
        String cursorOfA = get("/api/v1/events?limit=1", keyOfA).json().get("nextCursor").asText();
        assertThat(get("/api/v1/events?after=" + cursorOfA, keyOfB).body()).doesNotContain(merchantA.value());
    }

    @Test
    void badParametersAreA400NamingTheField() {
        for (String query : List.of("limit=0", "limit=101", "limit=ten", "after=not-a-cursor",
                                    "after=" + encode("c2VxOi0x"), "type=invoice.refunded")) {
            Answer answer = get("/api/v1/events?" + query, keyOfA);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            JsonNode problem = answer.json();
            assertThat(problem.get("type").asText()).isEqualTo("urn:tally:problem:invalid-request");
            assertThat(problem.at("/errors/0/field").asText()).as(query).isEqualTo(query.split("=")[0]);
        }
        JsonNode unknownType = get("/api/v1/events?type=invoice.refunded", keyOfA).json();
        assertThat(unknownType.at("/errors/0/message").asText())
                .contains("invoice.refunded").contains("invoice.created").contains("payment.orphaned")
                .contains("settlement.completed");
    }

    @Test
    void onlyAMerchantKeyWithInvoicesReadMayList() {
        assertThat(get("/api/v1/events", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/events", ADMIN_KEY).status()).isEqualTo(403);
        String writeOnly = apiKeys.issue(Mode.TEST, merchantA, ApiScope.INVOICES_WRITE);
        Answer refused = get("/api/v1/events", writeOnly);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("code").asText()).isEqualTo("insufficient-scope");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
