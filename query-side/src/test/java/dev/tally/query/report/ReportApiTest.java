package dev.tally.query.report;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.Story;
import dev.tally.query.TestEvents;
import dev.tally.query.dashboard.MerchantDashboardProjection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The dashboard and report API: JSON, CSV (RFC 4180) and the refusals of bad ranges. */
class ReportApiTest extends QuerySideTestBase {
    @Autowired
    MockMvc mvc;

    final MerchantId merchant = TestEvents.merchantId();
    String key;

    @BeforeEach
    void merchantWithSettlements() {
        key = apiKeys.issue(merchant, ApiScope.REPORTS_READ);
        Instant t0 = Instant.parse("2026-06-10T12:00:00Z");
        new Story(events, merchant, "9.99", t0).created(1).detected(Duration.ofSeconds(2))
                .confirmed(Duration.ofSeconds(12), 1).settled(Duration.ofSeconds(13), "0.10");
        new Story(events, merchant, "20.00", t0.plus(Duration.ofDays(1))).created(1).detected(Duration.ofSeconds(2))
                .confirmed(Duration.ofSeconds(4), 1).settled(Duration.ofSeconds(5), "0.20");
        awaitProcessed(DailySettlementMetricsProjection.GROUP);
        awaitProcessed(MerchantDashboardProjection.GROUP);
    }

    @Test
    void dailySettlementsAsJson() throws Exception {
        mvc.perform(get("/api/v1/reports/daily-settlements?from=2026-06-10&to=2026-06-11")
                            .header("Authorization", "Bearer " + key))
           .andExpect(status().isOk())
           .andExpect(content().contentTypeCompatibleWith("application/json"))
           .andExpect(jsonPath("$.from").value("2026-06-10"))
           .andExpect(jsonPath("$.to").value("2026-06-11"))
           .andExpect(jsonPath("$.items.length()").value(2))
           .andExpect(jsonPath("$.items[0].date").value("2026-06-10"))
           .andExpect(jsonPath("$.items[0].grossVolume").value("9.99"))
           .andExpect(jsonPath("$.items[0].feesCollected").value("0.10"))
           .andExpect(jsonPath("$.items[0].net").value("9.89"))
           .andExpect(jsonPath("$.items[0].settlementCount").value(1))
           .andExpect(jsonPath("$.items[1].grossVolume").value("20.00"));
    }

    @Test
    void dailySettlementsAsCsvByAcceptHeaderOrFormat() throws Exception {
        String expected = "date,asset,gross_volume,fees_collected,net,settlement_count\r\n"
                          + "2026-06-10,USDT,9.99,0.10,9.89,1\r\n"
                          + "2026-06-11,USDT,20.00,0.20,19.80,1\r\n";
        String byAccept = mvc.perform(get("/api/v1/reports/daily-settlements?from=2026-06-10&to=2026-06-11")
                                              .header("Authorization", "Bearer " + key).accept("text/csv"))
                             .andExpect(status().isOk())
                             .andExpect(content().contentTypeCompatibleWith("text/csv"))
                             .andExpect(header().string("Content-Disposition",
                                     "attachment; filename=\"daily-settlements_2026-06-10_2026-06-11.csv\""))
                             .andReturn().getResponse().getContentAsString();
        assertThat(byAccept).isEqualTo(expected);
        String byFormat = mvc.perform(get("/api/v1/reports/daily-settlements?from=2026-06-10&to=2026-06-11&format=csv")
                                              .header("Authorization", "Bearer " + key))
                             .andExpect(status().isOk())
                             .andExpect(content().contentTypeCompatibleWith("text/csv"))
                             .andReturn().getResponse().getContentAsString();
        assertThat(byFormat).isEqualTo(expected);
    }

    @Test
    void confirmationStatsAsJsonAndCsv() throws Exception {
        mvc.perform(get("/api/v1/reports/confirmation-stats?from=2026-06-10&to=2026-06-11")
                            .header("Authorization", "Bearer " + key))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.items[0].chain").value("tron"))
           .andExpect(jsonPath("$.items[0].averageConfirmationSeconds").isString());
        String csv = mvc.perform(get("/api/v1/reports/confirmation-stats?from=2026-06-10&to=2026-06-11")
                                         .header("Authorization", "Bearer " + key).accept("text/csv"))
                        .andExpect(status().isOk())
                        .andReturn().getResponse().getContentAsString();
        assertThat(csv).startsWith("date,chain,payments,confirmed,failed,orphaned,average_confirmation_seconds,"
                                   + "p95_confirmation_seconds,failed_rate,orphaned_rate\r\n2026-06-10,tron,");
    }

    @Test
    void confirmationStatsAreEachMerchantsOwnAndThePlatformsOnlyForTheAdmin() throws Exception {
        Instant day = Instant.parse("2029-03-03T08:00:00Z");
        new Story(events, merchant, "5.00", day).created(1).detected(Duration.ofSeconds(2))
                .confirmed(Duration.ofSeconds(6), 1);
        MerchantId other = TestEvents.merchantId();
        new Story(events, other, "7.00", day).created(1).detected(Duration.ofSeconds(2))
                .confirmed(Duration.ofSeconds(22), 1);
        new Story(events, other, "8.00", day).created(1).detected(Duration.ofSeconds(3));
        MerchantId withoutPayments = TestEvents.merchantId();
        awaitProcessed(ConfirmationStatsProjection.GROUP);

        String range = "/api/v1/reports/confirmation-stats?from=2029-03-03&to=2029-03-03";
        mvc.perform(get(range).header("Authorization", "Bearer " + key))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.items.length()").value(1))
           .andExpect(jsonPath("$.items[0].payments").value(1))
           .andExpect(jsonPath("$.items[0].averageConfirmationSeconds").value("4.000"));
        mvc.perform(get(range).header("Authorization",
                                      "Bearer " + apiKeys.issue(withoutPayments, ApiScope.REPORTS_READ)))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.items.length()").value(0));
        mvc.perform(get(range).header("Authorization", "Bearer " + ADMIN_KEY))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.items[0].payments").value(3))
           .andExpect(jsonPath("$.items[0].confirmed").value(2))
           .andExpect(jsonPath("$.items[0].p95ConfirmationSeconds").value("20.000"));
    }

    @ParameterizedTest
    @CsvSource({"from=2026-13-01,from", "to=yesterday,to", "from=2026-06-12&to=2026-06-11,from",
                "from=2024-01-01&to=2026-01-01,to"})
    void badDatesAndRangesAreProblems(String query, String field) throws Exception {
        for (String accept : new String[]{"application/json", "text/csv"}) {
            mvc.perform(get("/api/v1/reports/daily-settlements?" + query).header("Authorization", "Bearer " + key)
                                .accept(accept))
               .andExpect(status().isBadRequest())
               .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
               .andExpect(jsonPath("$.errors[0].field").value(field));
        }
    }

    @Test
    void reportsNeedTheScope() throws Exception {
        String invoicesOnly = apiKeys.issue(merchant, ApiScope.INVOICES_READ);
        mvc.perform(get("/api/v1/reports/daily-settlements").header("Authorization", "Bearer " + invoicesOnly))
           .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/dashboard")).andExpect(status().isUnauthorized());
    }

    @Test
    void theDashboardTotals() throws Exception {
        mvc.perform(get("/api/v1/dashboard").header("Authorization", "Bearer " + key))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.merchantId").value(merchant.value()))
           .andExpect(jsonPath("$.assets[0].asset").value("USDT"))
           .andExpect(jsonPath("$.assets[0].grossVolume").value("29.99"))
           .andExpect(jsonPath("$.assets[0].feesCollected").value("0.30"))
           .andExpect(jsonPath("$.assets[0].net").value("29.69"))
           .andExpect(jsonPath("$.assets[0].invoicesByStatus.SETTLED").value(2))
           .andExpect(jsonPath("$.assets[0].conversionRate").value("1.0000"));
    }
}
