package dev.tally.query.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.Story;
import dev.tally.query.TestEvents;
import dev.tally.query.invoice.InvoiceProjection;
import dev.tally.query.report.ConfirmationStatsProjection;
import dev.tally.query.settlement.SettlementProjection;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One merchant's event that a projection cannot store parks alone, in the dead-letter queue, while every other
 * merchant's invoices keep flowing; it is visible (health, metric, admin API) and, once its cause is fixed, a retry
 * processes it and what came after it in its sequence, once.
 */
class DeadLetterQueueTest extends QuerySideTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRegistry meters;

    final MerchantId poisoned = TestEvents.merchantId();

    @AfterEach
    void dropTheFault() {
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_one_merchant ON query.invoices");
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_one_merchant ON query.settlements");
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_one_merchant ON query.payment_confirmation_samples");
    }

    @Test
    void aSampleTheStatisticsCannotStoreParksOnlyItsMerchant() throws Exception {
        refuseRowsOfThePoisonedMerchant("payment_confirmation_samples", "INSERT OR UPDATE",
                                        "this sample is refused by the test");
        Instant t0 = Instant.parse("2026-09-04T10:00:00Z");
        Story poison = new Story(events, poisoned, "5.00", t0).created(1).detected(Duration.ofSeconds(5));
        List<Story> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(new Story(events, TestEvents.merchantId(), "1.00", t0.plusSeconds(i))
                               .created(1).detected(Duration.ofSeconds(5)));
        }
        awaitProcessed(ConfirmationStatsProjection.GROUP);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.payment_confirmation_samples WHERE payment_id = "
                                       + "ANY(?)", Integer.class,
                                       (Object) others.stream().map(s -> s.payment.value()).toArray(String[]::new)))
                .as("every other merchant's sample was stored").isEqualTo(20);
        assertThat(admin(get("/api/v1/admin/dead-letters?group=" + ConfirmationStatsProjection.GROUP)).get("data"))
                .singleElement().satisfies(letter -> assertThat(letter.get("sequence").asText())
                        .isEqualTo(poisoned.value()));

        jdbc.execute("DROP TRIGGER refuse_one_merchant ON query.payment_confirmation_samples");
        JsonNode retried = admin(post("/api/v1/admin/dead-letters/retry?group=" + ConfirmationStatsProjection.GROUP));
        assertThat(retried.get("sequencesProcessed").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.payment_confirmation_samples WHERE payment_id = ?",
                                       Integer.class, poison.payment.value())).isEqualTo(1);
    }

    @Test
    void aSettlementTheViewCannotStoreParksOnlyItsOwnAndARetryOfTheGroupStoresIt() throws Exception {
        refuseRowsOfThePoisonedMerchant("settlements", "INSERT OR UPDATE", "this settlement is refused by the test");
        Instant t0 = Instant.parse("2026-09-03T10:00:00Z");
        Story poison = new Story(events, poisoned, "5.00", t0).created(1).settled(Duration.ofMinutes(1), "0.05");
        List<Story> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(new Story(events, TestEvents.merchantId(), "1.00", t0.plusSeconds(i))
                               .created(1).settled(Duration.ofMinutes(1), "0.01"));
        }
        awaitProcessed(SettlementProjection.GROUP);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.settlements WHERE invoice_id = ANY(?)",
                                       Integer.class,
                                       (Object) others.stream().map(s -> s.invoice.value()).toArray(String[]::new)))
                .as("every other merchant's settlement flowed").isEqualTo(20);
        assertThat(settlementsOf(poison)).isZero();
        JsonNode parked = admin(get("/api/v1/admin/dead-letters?group=" + SettlementProjection.GROUP));
        assertThat(parked.get("data")).singleElement().satisfies(letter -> {
            assertThat(letter.get("eventType").asText()).endsWith("SettlementCreated");
            assertThat(letter.get("causeMessage").asText()).contains("this settlement is refused by the test");
        });

        jdbc.execute("DROP TRIGGER refuse_one_merchant ON query.settlements");
        JsonNode retried = admin(post("/api/v1/admin/dead-letters/retry?group=" + SettlementProjection.GROUP));
        assertThat(retried.get("sequencesProcessed").asInt()).isEqualTo(1);
        assertThat(settlementsOf(poison)).isEqualTo(1);
        assertThat(admin(get("/api/v1/admin/dead-letters")).get("data")).isEmpty();
    }

    /** The fault: {@code query.<table>} refuses every row of one merchant (as PostgreSQL refused a NUL byte). */
    private void refuseRowsOfThePoisonedMerchant(String table, String operations, String message) {
        jdbc.execute("CREATE OR REPLACE FUNCTION query.refuse_one_merchant() RETURNS trigger LANGUAGE plpgsql AS $$ "
                     + "BEGIN IF NEW.merchant_id = '" + poisoned.value() + "' THEN "
                     + "RAISE EXCEPTION '" + message + "'; END IF; RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER refuse_one_merchant BEFORE " + operations + " ON query." + table
                     + " FOR EACH ROW EXECUTE FUNCTION query.refuse_one_merchant()");
    }

    private int settlementsOf(Story story) {
        return jdbc.queryForObject("SELECT count(*) FROM query.settlements WHERE invoice_id = ?", Integer.class,
                                   story.invoice.value());
    }

    @Test
    void aPoisonEventParksOnlyItsOwnSequenceAndARetryAfterTheFixProcessesItOnce() throws Exception {
        // The fault: the invoice view refuses every row of one merchant (as PostgreSQL refused a NUL byte).
        refuseRowsOfThePoisonedMerchant("invoices", "INSERT OR UPDATE", "this row is refused by the test");
        Instant t0 = Instant.parse("2026-09-01T10:00:00Z");
        Story poison = new Story(events, poisoned, "5.00", t0).created(1);
        List<Story> others = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            others.add(new Story(events, TestEvents.merchantId(), "1.00", t0.plusSeconds(i)).created(1));
        }
        // Later events of the poisoned invoice wait behind it, in order.
        poison.detected(Duration.ofSeconds(5));
        awaitProcessed(InvoiceProjection.GROUP);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.invoices WHERE invoice_id = ANY(?)", Integer.class,
                                       (Object) others.stream().map(s -> s.invoice.value()).toArray(String[]::new)))
                .as("every other merchant's invoice flowed").isEqualTo(100);
        assertThat(rowsOf(poison)).isZero();

        JsonNode parked = admin(get("/api/v1/admin/dead-letters?group=" + InvoiceProjection.GROUP));
        assertThat(parked.get("groups").get(InvoiceProjection.GROUP).asLong()).isEqualTo(2);
        assertThat(parked.get("data")).hasSize(2);
        JsonNode first = parked.get("data").get(0);
        assertThat(first.get("sequence").asText()).isEqualTo(poison.invoice.value());
        assertThat(first.get("eventType").asText()).endsWith("InvoiceCreated");
        assertThat(first.get("causeMessage").asText()).contains("this row is refused by the test");
        assertThat(parked.get("data").get(1).get("eventType").asText()).endsWith("InvoicePaymentDetected");
        assertThat(parked.get("groups").get("merchant-dashboard").asLong()).isZero();

        // Health is computed at most once a second: wait for the figure that includes the parked events.
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode health = admin(get("/actuator/health"));
            assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.at("/components/deadLetters/details/deadLetters").asLong()).isEqualTo(2);
        });
        await().atMost(PATIENCE).until(() -> meters.get("tally.dead.letters").tag("group", InvoiceProjection.GROUP)
                                                   .gauge().value() == 2.0);
        String merchantKey = apiKeys.issue(TestEvents.merchantId(), ApiScope.INVOICES_READ);
        mvc.perform(get("/api/v1/admin/dead-letters").header("Authorization", "Bearer " + merchantKey))
           .andExpect(status().isForbidden());

        // Still refused: a retry leaves it parked, with its sequence intact.
        JsonNode failedAgain = admin(post("/api/v1/admin/dead-letters/" + first.get("id").asText() + "/retry"));
        assertThat(failedAgain.get("sequencesProcessed").asInt()).isZero();
        assertThat(failedAgain.get("deadLettersLeft").asLong()).isEqualTo(2);
        assertThat(rowsOf(poison)).isZero();
        assertThat(admin(get("/api/v1/admin/dead-letters")).get("groups").get(InvoiceProjection.GROUP).asLong())
                .isEqualTo(2);

        jdbc.execute("DROP TRIGGER refuse_one_merchant ON query.invoices");
        JsonNode retried = admin(post("/api/v1/admin/dead-letters/" + first.get("id").asText() + "/retry"));
        assertThat(retried.get("sequencesProcessed").asInt()).isEqualTo(1);
        assertThat(retried.get("deadLettersLeft").asLong()).isZero();

        assertThat(rowsOf(poison)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT status FROM query.invoices WHERE invoice_id = ?", String.class,
                                       poison.invoice.value())).isEqualTo("CONFIRMING");
        assertThat(admin(get("/api/v1/admin/dead-letters")).get("data")).isEmpty();
        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(admin(get("/actuator/health")).get("status").asText()).isEqualTo("UP"));
    }

    @Test
    void anEvictedLetterIsGoneForGoodAndUnknownOnesAreNotFound() throws Exception {
        refuseRowsOfThePoisonedMerchant("invoices", "INSERT", "refused");
        Story poison = new Story(events, poisoned, "5.00", Instant.parse("2026-09-02T10:00:00Z")).created(1);
        awaitProcessed(InvoiceProjection.GROUP);
        JsonNode letter = admin(get("/api/v1/admin/dead-letters?group=" + InvoiceProjection.GROUP)).get("data").get(0);

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                            .delete("/api/v1/admin/dead-letters/" + letter.get("id").asText())
                            .header("Authorization", "Bearer " + ADMIN_KEY))
           .andExpect(status().isNoContent());
        assertThat(admin(get("/api/v1/admin/dead-letters")).get("data")).isEmpty();
        assertThat(rowsOf(poison)).isZero();
        mvc.perform(get("/api/v1/admin/dead-letters/" + letter.get("id").asText())
                            .header("Authorization", "Bearer " + ADMIN_KEY))
           .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/admin/dead-letters?group=no-such-group").header("Authorization", "Bearer " + ADMIN_KEY))
           .andExpect(status().isBadRequest());
    }

    private int rowsOf(Story story) {
        return jdbc.queryForObject("SELECT count(*) FROM query.invoices WHERE invoice_id = ?", Integer.class,
                                   story.invoice.value());
    }

    private JsonNode admin(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request)
            throws Exception {
        String body = mvc.perform(request.header("Authorization", "Bearer " + ADMIN_KEY))
                         .andExpect(status().isOk())
                         .andReturn().getResponse().getContentAsString();
        return JSON.readTree(body);
    }
}
