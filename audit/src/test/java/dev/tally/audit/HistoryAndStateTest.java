package dev.tally.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An aggregate's history and its state as of any instant, at the exact boundaries, for whom may see it. */
class HistoryAndStateTest extends AuditTestBase {
    private static final TokenAmount TEN = TokenAmount.parse("10.00", Asset.USDT);

    MerchantId merchant;
    InvoiceId invoice;
    PaymentId payment;
    SettlementId settlement;

    @BeforeEach
    void aPaidAndSettledInvoice() {
        merchant = MerchantId.of("mer_" + hex(8));
        invoice = InvoiceId.of("inv_" + hex(8));
        payment = PaymentId.of(Chain.TRON, hex(32), 0);
        settlement = SettlementId.of("stl_" + invoice.value().substring(4));
        // A millisecond apart, as the store keeps them: "as of" an event's instant includes it and nothing later.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        append("Invoice", invoice.value(), 0, new InvoiceCreated(invoice, merchant, "order-1", TEN, Chain.TRON,
                "TAddress" + hex(4), 7, 1, 100, null, Map.of(), now, now.plusSeconds(900)), now.plusMillis(1));
        append("Invoice", invoice.value(), 1, new InvoicePaymentDetected(invoice, merchant, payment, TEN, false, now,
                                                                      null), now.plusMillis(2));
        append("Invoice", invoice.value(), 2, new InvoicePaymentConfirmed(invoice, merchant, payment, TEN, TEN,
                InvoiceStatus.PAID, now), now.plusMillis(3));
        append("Invoice", invoice.value(), 3, new InvoicePaid(invoice, merchant, TEN, TEN,
                TokenAmount.zero(Asset.USDT), 100, false, now), now.plusMillis(4));
        TokenAmount fee = TokenAmount.parse("0.10", Asset.USDT);
        TokenAmount net = TokenAmount.parse("9.90", Asset.USDT);
        append("Settlement", settlement.value(), 0, new SettlementCreated(settlement, invoice, merchant, TEN, fee, net,
                100, 2, now), now.plusMillis(5));
        append("Settlement", settlement.value(), 1, new SettlementCompleted(settlement, invoice, merchant, TEN, fee,
                net, now), now.plusMillis(6));
        append("Invoice", invoice.value(), 4, new InvoiceSettled(invoice, merchant, settlement, now), now.plusMillis(7));
    }

    @Test
    void historyListsEveryEventInOrderWithItsStoredFacts() {
        Answer answer = get("/api/v1/audit/invoices/" + invoice + "/events", ADMIN_KEY);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode events = answer.json();
        assertThat(events).hasSize(5);
        assertThat(events.get(0).get("sequenceNumber").asLong()).isZero();
        assertThat(events.get(0).get("type").asText()).isEqualTo(InvoiceCreated.class.getName());
        assertThat(events.get(0).get("revision").asText()).isEqualTo("1");
        assertThat(events.get(0).get("payload").get("invoiceId").asText()).isEqualTo(invoice.value());
        assertThat(events.get(0).get("metadata").get("principal").asText()).isEqualTo("system");
        assertThat(events.get(4).get("type").asText()).isEqualTo(InvoiceSettled.class.getName());
        long previous = 0;
        for (JsonNode event : events) {
            assertThat(event.get("globalIndex").asLong()).isGreaterThan(previous);
            previous = event.get("globalIndex").asLong();
            Instant.parse(event.get("timestamp").asText());
        }
        assertThat(get("/api/v1/audit/settlements/" + settlement + "/events", ADMIN_KEY).json()).hasSize(2);
    }

    @Test
    void stateAsOfAnEventsInstantIncludesItAndOneNanosecondBeforeDoesNot() {
        JsonNode events = get("/api/v1/audit/invoices/" + invoice + "/events", ADMIN_KEY).json();
        Instant created = Instant.parse(events.get(0).get("timestamp").asText());
        Instant detected = Instant.parse(events.get(1).get("timestamp").asText());
        Instant settled = Instant.parse(events.get(4).get("timestamp").asText());

        assertThat(state("invoices", invoice.value(), created.minusNanos(1)).status()).isEqualTo(404);
        JsonNode atCreation = state("invoices", invoice.value(), created).json();
        assertThat(atCreation.get("state").get("status").asText()).isEqualTo("PENDING");
        assertThat(atCreation.get("version").asLong()).isZero();

        assertThat(detected).isAfter(created);
        assertThat(state("invoices", invoice.value(), detected.minusNanos(1)).json()
                           .get("state").get("status").asText()).isEqualTo("PENDING");
        JsonNode atDetection = state("invoices", invoice.value(), detected).json();
        assertThat(atDetection.get("state").get("status").asText()).isEqualTo("CONFIRMING");
        assertThat(atDetection.get("state").get("pendingPayments").has(payment.value())).isTrue();

        JsonNode beforeSettled = state("invoices", invoice.value(), settled.minusNanos(1)).json();
        assertThat(beforeSettled.get("state").get("status").asText()).isEqualTo("PAID");
        assertThat(beforeSettled.get("version").asLong()).isEqualTo(3);
        JsonNode atSettled = state("invoices", invoice.value(), settled).json();
        assertThat(atSettled.get("state").get("status").asText()).isEqualTo("SETTLED");
        assertThat(atSettled.get("state").get("settlementId").asText()).isEqualTo(settlement.value());
        assertThat(atSettled.get("lastEventAt").asText()).isEqualTo(settled.toString());

        JsonNode settlementNow = get("/api/v1/audit/settlements/" + settlement + "/state", ADMIN_KEY).json();
        assertThat(settlementNow.get("state").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(settlementNow.get("state").get("fee").get("baseUnits").asLong()).isEqualTo(100_000L);
    }

    @Test
    void aMalformedInstantIsA400AndAnUnknownIdA404() {
        Answer malformed = get("/api/v1/audit/invoices/" + invoice + "/state?asOf=yesterday", ADMIN_KEY);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.body()).contains("asOf");

        Answer unknown = get("/api/v1/audit/invoices/inv_" + hex(8) + "/state", ADMIN_KEY);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(get("/api/v1/audit/invoices/inv_" + hex(8) + "/events", ADMIN_KEY).status()).isEqualTo(404);
        assertThat(get("/api/v1/audit/widgets/x/events", ADMIN_KEY).status()).isEqualTo(404);
        // an invoice's id under another aggregate type is not found either
        assertThat(get("/api/v1/audit/payments/" + invoice + "/state", ADMIN_KEY).status()).isEqualTo(404);
    }

    @Test
    void aMerchantReadsItsOwnHistoryOnlyAndOnlyWithTheAuditScope() {
        String own = apiKeys.issue(merchant, "audit:read");
        String other = apiKeys.issue(MerchantId.of("mer_" + hex(8)), "audit:read");
        String unscoped = apiKeys.issue(merchant, "invoices:read");

        assertThat(get("/api/v1/audit/invoices/" + invoice + "/events", own).status()).isEqualTo(200);
        assertThat(get("/api/v1/audit/invoices/" + invoice + "/state", own).status()).isEqualTo(200);
        assertThat(get("/api/v1/audit/invoices/" + invoice + "/events", other).status()).isEqualTo(404);
        assertThat(get("/api/v1/audit/invoices/" + invoice + "/state", other).status()).isEqualTo(404);
        assertThat(get("/api/v1/audit/invoices/" + invoice + "/events", unscoped).status()).isEqualTo(403);
        assertThat(get("/api/v1/audit/events", own).status()).isEqualTo(403);
    }

    private Answer state(String type, String id, Instant asOf) {
        return get("/api/v1/audit/" + type + "/" + id + "/state?asOf="
                   + URLEncoder.encode(asOf.toString(), StandardCharsets.UTF_8), ADMIN_KEY);
    }
}
