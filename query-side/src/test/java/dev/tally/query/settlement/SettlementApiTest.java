package dev.tally.query.settlement;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.TestEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Instant;

import static dev.tally.query.TestEvents.usdt;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The settlements API over HTTP, through the real API-key security chain. */
class SettlementApiTest extends QuerySideTestBase {
    private static final String NOT_FOUND = "urn:tally:problem:not-found";

    @Autowired
    MockMvc http;

    final MerchantId merchant = TestEvents.merchantId();
    final InvoiceId invoice = TestEvents.invoiceId();
    final SettlementId settlement = SettlementId.forInvoice(invoice);
    String key;

    @BeforeEach
    void settle() {
        key = apiKeys.issue(merchant, ApiScope.SETTLEMENTS_READ);
        events.paid(merchant, invoice, usdt("9.99"), Instant.parse("2026-03-01T09:59:00Z"));
        events.publish("Settlement", settlement, new SettlementCreated(settlement, invoice, merchant, usdt("9.99"),
                usdt("0.10"), usdt("9.89"), 100, 2, Instant.parse("2026-03-01T10:00:00Z")));
        events.publish("Settlement", settlement, new SettlementCompleted(settlement, invoice, merchant, usdt("9.99"),
                usdt("0.10"), usdt("9.89"), Instant.parse("2026-03-01T10:00:01.5Z")));
        awaitProcessed(SettlementProjection.GROUP);
    }

    @Test
    void aMerchantReadsItsSettlementWithTheFeeSplitAsDecimalStrings() throws Exception {
        call("/api/v1/settlements/" + settlement, key)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(settlement.value()))
                .andExpect(jsonPath("$.invoiceId").value(invoice.value()))
                .andExpect(jsonPath("$.asset").value("USDT"))
                .andExpect(jsonPath("$.grossAmount").value("9.99"))
                .andExpect(jsonPath("$.platformFeeAmount").value("0.10"))
                .andExpect(jsonPath("$.platformFeePercentage").value("1.00"))
                .andExpect(jsonPath("$.netAmount").value("9.89"))
                .andExpect(jsonPath("$.status").value("COMPLETED"))
                .andExpect(jsonPath("$.createdAt").value("2026-03-01T10:00:00Z"))
                .andExpect(jsonPath("$.completedAt").value("2026-03-01T10:00:01.500Z"));
    }

    @Test
    void anotherMerchantsSettlementIsA404LikeAnUnknownOne() throws Exception {
        String otherKey = apiKeys.issue(TestEvents.merchantId(), ApiScope.SETTLEMENTS_READ);
        SettlementId unknown = SettlementId.forInvoice(TestEvents.invoiceId());

        call("/api/v1/settlements/" + settlement, otherKey)
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.type").value(NOT_FOUND))
                .andExpect(jsonPath("$.detail").value("settlement " + settlement + " not found"));
        call("/api/v1/settlements/" + unknown, key)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(NOT_FOUND))
                .andExpect(jsonPath("$.detail").value("settlement " + unknown + " not found"));
        call("/api/v1/settlements/not-an-id", key)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(NOT_FOUND));
    }

    @Test
    void readingSettlementsNeedsAMerchantKeyWithTheSettlementsScope() throws Exception {
        String invoicesOnly = apiKeys.issue(merchant, ApiScope.INVOICES_READ);
        call("/api/v1/settlements/" + settlement, invoicesOnly).andExpect(status().isForbidden());
        call("/api/v1/settlements", ADMIN_KEY).andExpect(status().isForbidden());
        http.perform(get("/api/v1/settlements")).andExpect(status().isUnauthorized());
    }

    @Test
    void listsTheMerchantsSettlementsFilteredByInvoice() throws Exception {
        call("/api/v1/settlements?invoiceId=" + invoice + "&limit=5", key)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].id").value(settlement.value()))
                .andExpect(jsonPath("$.items[0].netAmount").value("9.89"))
                .andExpect(jsonPath("$.nextCursor").value(nullValue()));
        call("/api/v1/settlements?from=2026-03-01T10:00:00.000001Z", key)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(0));
    }

    @Test
    void badQueryParametersAreA400NamingEachField() throws Exception {
        call("/api/v1/settlements?invoiceId=stl_wrongkind1&from=yesterday&limit=101&cursor=%2A%2A", key)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:tally:problem:invalid-request"))
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("invoiceId", "from", "limit",
                                                                                 "cursor")));
        call("/api/v1/settlements?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", key)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("to"));
        call("/api/v1/settlements?limit=abc", key)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
    }

    private ResultActions call(String path, String bearer) throws Exception {
        return http.perform(get(path).header("Authorization", "Bearer " + bearer));
    }
}
