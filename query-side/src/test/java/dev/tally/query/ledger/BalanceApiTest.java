package dev.tally.query.ledger;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The balances API over HTTP, through the real API-key security chain. */
class BalanceApiTest extends QuerySideTestBase {
    @Autowired
    MockMvc http;

    final MerchantId merchant = TestEvents.merchantId();
    final Instant at = Instant.parse("2026-03-01T10:00:00Z");
    String key;

    /** One payment of 9.99 confirmed and settled (fee 0.10), and one of 1.50 detected only. */
    @BeforeEach
    void pay() {
        key = apiKeys.issue(merchant, ApiScope.SETTLEMENTS_READ);
        InvoiceId invoice = TestEvents.invoiceId();
        PaymentId settled = TestEvents.paymentId();
        detect(settled, invoice, "9.99");
        events.publish("Payment", settled, new PaymentConfirmed(settled, invoice, merchant, usdt("9.99"), "0xb", 1,
                                                                at));
        SettlementId settlement = SettlementId.forInvoice(invoice);
        events.publish("Settlement", settlement, new SettlementCreated(settlement, invoice, merchant, usdt("9.99"),
                usdt("0.10"), usdt("9.89"), 100, 2, at));
        events.publish("Settlement", settlement, new SettlementCompleted(settlement, invoice, merchant, usdt("9.99"),
                usdt("0.10"), usdt("9.89"), at));
        detect(TestEvents.paymentId(), TestEvents.invoiceId(), "1.50");
        awaitProcessed(LedgerProjection.GROUP);
    }

    @Test
    void aMerchantSeesItsOwnIncomingPendingAndAvailableMoney() throws Exception {
        call("/api/v1/balances", key)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.merchantId").value(merchant.value()))
                .andExpect(jsonPath("$.balances.length()").value(1))
                .andExpect(jsonPath("$.balances[0].asset").value("USDT"))
                .andExpect(jsonPath("$.balances[0].incoming").value("1.50"))
                .andExpect(jsonPath("$.balances[0].pending").value("0.00"))
                .andExpect(jsonPath("$.balances[0].available").value("9.89"));
    }

    @Test
    void aMerchantWithoutLedgerActivitySeesZeros() throws Exception {
        call("/api/v1/balances", apiKeys.issue(TestEvents.merchantId(), ApiScope.SETTLEMENTS_READ))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.balances[0].incoming").value("0.00"))
                .andExpect(jsonPath("$.balances[0].pending").value("0.00"))
                .andExpect(jsonPath("$.balances[0].available").value("0.00"));
    }

    @Test
    void theAdminSeesEveryMerchantThePlatformRevenueAndThatTheLedgerBalances() throws Exception {
        call("/api/v1/balances", ADMIN_KEY)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.balanced").value(true))
                .andExpect(jsonPath("$.merchants[*].merchantId").value(hasItem(merchant.value())))
                .andExpect(jsonPath("$.platformFeeRevenue[0].asset").value("USDT"));
        call("/api/v1/balances?merchantId=" + merchant, ADMIN_KEY)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.merchants.length()").value(1))
                .andExpect(jsonPath("$.merchants[0].balances[0].available").value("9.89"))
                .andExpect(jsonPath("$.merchants[0].balances[0].incoming").value("1.50"));
    }

    @Test
    void onlyTheAdminChoosesTheMerchantAndOnlyWithAValidId() throws Exception {
        call("/api/v1/balances?merchantId=" + merchant, key)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("merchantId"));
        call("/api/v1/balances?merchantId=nope", ADMIN_KEY)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("merchantId"));
    }

    @Test
    void balancesNeedTheSettlementsScope() throws Exception {
        call("/api/v1/balances", apiKeys.issue(merchant, ApiScope.INVOICES_READ)).andExpect(status().isForbidden());
    }

    @Test
    void theOpenApiDocumentDescribesTheBalanceFields() throws Exception {
        http.perform(get("/v3/api-docs"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.paths['/api/v1/balances'].get").exists())
            .andExpect(jsonPath("$.paths['/api/v1/settlements/{settlementId}'].get").exists())
            .andExpect(jsonPath("$.components.schemas.AssetBalance.properties.incoming.description")
                               .value(containsString("not yet confirmed")))
            .andExpect(jsonPath("$.components.schemas.AssetBalance.properties.pending.description")
                               .value(containsString("not yet settled")))
            .andExpect(jsonPath("$.components.schemas.LedgerBalances.properties.balanced").exists())
            .andExpect(jsonPath("$.components.schemas.SettlementView.properties.platformFeePercentage").exists());
    }

    private void detect(PaymentId payment, InvoiceId invoice, String amount) {
        String[] parts = payment.value().split(":");
        events.publish("Payment", payment, new PaymentDetected(payment, invoice, merchant, Chain.TRON, parts[1],
                Integer.parseInt(parts[2]), "from", "to", usdt(amount), 1, 1, at, null));
    }

    private ResultActions call(String path, String bearer) throws Exception {
        return http.perform(get(path).header("Authorization", "Bearer " + bearer));
    }
}
