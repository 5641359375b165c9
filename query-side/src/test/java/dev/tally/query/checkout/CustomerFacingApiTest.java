package dev.tally.query.checkout;

import dev.tally.kernel.access.ApiScope;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.Story;
import dev.tally.query.TestEvents;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The public invoice and the payment page, and the dashboard's cookie session. */
class CustomerFacingApiTest extends QuerySideTestBase {
    @Autowired
    MockMvc mvc;

    @Test
    void thePublicInvoiceAndThePaymentPageShowNoFee() throws Exception {
        Story story = new Story(events, TestEvents.merchantId(), "9.99", Instant.parse("2026-06-01T10:00:00Z"))
                .created(1).detected(Duration.ofSeconds(1)).confirmed(Duration.ofSeconds(2), 1)
                .settled(Duration.ofSeconds(3), "0.10");
        awaitProcessed(InvoiceSummaryProjection.GROUP);

        String json = mvc.perform(get("/api/v1/public/invoices/" + story.invoice.value()))
                         .andExpect(status().isOk())
                         .andExpect(jsonPath("$.id").value(story.invoice.value()))
                         .andExpect(jsonPath("$.amount").value("9.99"))
                         .andExpect(jsonPath("$.status").value("SETTLED"))
                         .andExpect(jsonPath("$.depositAddress").value(Story.ADDRESS))
                         .andReturn().getResponse().getContentAsString();
        assertThat(json.toLowerCase(Locale.ROOT)).doesNotContain("fee").doesNotContain("0.10")
                                                 .doesNotContain("9.89").doesNotContain("net");

        String html = mvc.perform(get("/pay/" + story.invoice.value()))
                         .andExpect(status().isOk())
                         .andExpect(content().contentTypeCompatibleWith("text/html"))
                         .andExpect(header().string("Content-Security-Policy",
                                 org.hamcrest.Matchers.containsString("default-src 'self'")))
                         .andReturn().getResponse().getContentAsString();
        assertThat(html).contains(Story.ADDRESS).contains("<svg").contains("9.99").contains("Paid");
        assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("fee").doesNotContain("0.10")
                                                 .doesNotContain("9.89").doesNotContain("http://")
                                                 .doesNotContain("https://");
    }

    @Test
    void unknownInvoicesAre404() throws Exception {
        mvc.perform(get("/api/v1/public/invoices/" + TestEvents.invoiceId().value()))
           .andExpect(status().isNotFound())
           .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/v1/public/invoices/not-an-id"))
           .andExpect(status().isNotFound())
           .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/v1/public/invoices/" + TestEvents.invoiceId().value() + "/stream"))
           .andExpect(status().isNotFound());
        mvc.perform(get("/pay/" + TestEvents.invoiceId().value()))
           .andExpect(status().isNotFound())
           .andExpect(content().string(org.hamcrest.Matchers.containsString("Invoice not found")));
    }

    @Test
    void theDashboardSignsInWithAnHttpOnlyStrictCookieAndRefusesCookieWritesWithoutTheCsrfToken() throws Exception {
        String key = apiKeys.issue(TestEvents.merchantId(), ApiScope.ALL_MERCHANT.toArray(String[]::new));
        mvc.perform(get("/dashboard")).andExpect(status().isOk())
           .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"sign-in\"")));
        mvc.perform(post("/dashboard/sign-in").param("apiKey", "tly_live_wrong000000000000000000000000000000000"))
           .andExpect(status().isUnauthorized());
        mvc.perform(post("/dashboard/sign-in").param("apiKey", key).header("Origin", "https://evil.example"))
           .andExpect(status().isForbidden());

        var signedIn = mvc.perform(post("/dashboard/sign-in").param("apiKey", key))
                          .andExpect(status().isSeeOther())
                          .andExpect(header().string("Location", "/dashboard"))
                          .andReturn().getResponse();
        var setCookies = signedIn.getHeaders("Set-Cookie");
        assertThat(setCookies).anySatisfy(c -> assertThat(c).startsWith("tally_session=" + key)
                .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure"));
        String csrf = setCookies.stream().filter(c -> c.startsWith("tally_csrf=")).findFirst().orElseThrow()
                                .split(";")[0].substring("tally_csrf=".length());
        Cookie session = new Cookie("tally_session", key);
        Cookie csrfCookie = new Cookie("tally_csrf", csrf);

        mvc.perform(get("/dashboard").cookie(session, csrfCookie))
           .andExpect(status().isOk())
           .andExpect(content().string(org.hamcrest.Matchers.containsString("data-csrf=\"" + csrf + "\"")))
           .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(key))));
        mvc.perform(get("/api/v1/dashboard").cookie(session, csrfCookie)).andExpect(status().isOk());

        // A write with the cookie but without the token (what a cross-site form could send) is refused.
        mvc.perform(post("/api/v1/invoices").cookie(session, csrfCookie).contentType("application/json")
                            .content("{}"))
           .andExpect(status().isForbidden())
           .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(post("/api/v1/invoices").cookie(session, csrfCookie).header("X-CSRF-Token", "forged")
                            .contentType("application/json").content("{}"))
           .andExpect(status().isForbidden());

        mvc.perform(post("/dashboard/sign-out").cookie(session, csrfCookie))
           .andExpect(status().isForbidden());
        var signedOut = mvc.perform(post("/dashboard/sign-out").cookie(session, csrfCookie).param("csrf", csrf))
                           .andExpect(status().isSeeOther()).andReturn().getResponse();
        assertThat(signedOut.getHeaders("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("tally_session=;")
                                                                                    .contains("Max-Age=0"));
    }

    @Test
    void keysThatCannotBeCheckedKeepTheDashboardSessionAndAskToRetry() throws Exception {
        String key = apiKeys.issue(TestEvents.merchantId(), ApiScope.ALL_MERCHANT.toArray(String[]::new));
        Cookie session = new Cookie("tally_session", key);
        apiKeys.unavailable(true);
        try {
            var page = mvc.perform(get("/dashboard").cookie(session))
                          .andExpect(status().isServiceUnavailable())
                          .andExpect(header().string("Retry-After", "5"))
                          .andExpect(content().string(org.hamcrest.Matchers.containsString("Try again")))
                          .andReturn().getResponse();
            assertThat(page.getHeaders("Set-Cookie")).as("the session is kept").isEmpty();
            mvc.perform(post("/dashboard/sign-in").param("apiKey", key)).andExpect(status().isServiceUnavailable());
            mvc.perform(get("/api/v1/dashboard").header("Authorization", "Bearer " + key))
               .andExpect(status().isServiceUnavailable());
        } finally {
            apiKeys.unavailable(false);
        }
        mvc.perform(get("/dashboard").cookie(session)).andExpect(status().isOk())
           .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
                   "id=\"sign-in\""))));
    }
}
