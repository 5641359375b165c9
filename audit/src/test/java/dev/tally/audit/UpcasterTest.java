package dev.tally.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.common.stream.BlockingStream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema evolution: a PaymentIncludedInBlock stored at revision 1 (its instant named {@code at}), exactly as the
 * serializer wrote it before revision 2, is read back as revision 2 by aggregates (event sourcing), processors (the
 * global stream) and the audit API; the stored bytes are left alone.
 */
class UpcasterTest extends AuditTestBase {

    @Test
    void aRevisionOnePaymentIncludedInBlockIsReadAsRevisionTwo() throws Exception {
        MerchantId merchant = MerchantId.of("mer_" + hex(8));
        InvoiceId invoice = InvoiceId.of("inv_" + hex(8));
        PaymentId payment = PaymentId.of(Chain.TRON, hex(32), 0);
        Instant detectedAt = Instant.parse("2025-03-01T10:15:30.123456Z");
        append("Payment", payment.value(), 0, new PaymentDetected(payment, invoice, merchant, Chain.TRON,
                payment.value().split(":")[1], 0, "TFrom", "TTo", TokenAmount.parse("5", Asset.USDT), 1, 1, detectedAt, null));
        // Revision 1 as the serializer wrote it (same mapper settings: ISO instants, nulls included).
        String revisionOne = "{\"paymentId\":\"" + payment + "\",\"invoiceId\":\"" + invoice + "\",\"blockNumber\":812,"
                             + "\"blockHash\":\"0000abcd\",\"confirmations\":3,\"at\":\"2025-03-01T10:15:33.5Z\"}";
        jdbc.update("INSERT INTO eventstore.domain_event_entry (aggregate_identifier, sequence_number, type, "
                    + "event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) "
                    + "VALUES (?, 1, 'Payment', ?, ?, ?, '1', ?, '2025-03-01T10:15:33.5Z')",
                    payment.value(), UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                    revisionOne.getBytes(StandardCharsets.UTF_8), PaymentIncludedInBlock.class.getName());

        // Event sourcing (what an aggregate or the as-of fold reads)
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(payment.value()).asStream().toList();
        assertThat(events).hasSize(2);
        PaymentIncludedInBlock upcast = (PaymentIncludedInBlock) events.get(1).getPayload();
        assertThat(upcast).isEqualTo(new PaymentIncludedInBlock(payment, invoice, 812L, "0000abcd", 3,
                                                                Instant.parse("2025-03-01T10:15:33.5Z")));

        // The global stream (what tracking processors read)
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            PaymentIncludedInBlock tracked = null;
            while (tracked == null && stream.hasNextAvailable(5, TimeUnit.SECONDS)) {
                Object payload = stream.nextAvailable().getPayload();
                if (payload instanceof PaymentIncludedInBlock p && p.paymentId().equals(payment)) {
                    tracked = p;
                }
            }
            assertThat(tracked).isEqualTo(upcast);
        }

        // The audit API: state from the upcast event; history shows what is stored, revision 1 untouched.
        JsonNode state = get("/api/v1/audit/payments/" + payment + "/state", ADMIN_KEY).json();
        assertThat(state.get("state").get("status").asText()).isEqualTo("CONFIRMING");
        assertThat(state.get("state").get("blockNumber").asLong()).isEqualTo(812L);
        JsonNode history = get("/api/v1/audit/payments/" + payment + "/events", ADMIN_KEY).json();
        assertThat(history.get(1).get("revision").asText()).isEqualTo("1");
        assertThat(history.get(1).get("payload").has("at")).isTrue();

        // New events are written at revision 2.
        append("Payment", payment.value(), 2, new PaymentIncludedInBlock(payment, invoice, 813L, "0000abce", 1,
                                                                         Instant.now()));
        assertThat(jdbc.queryForObject("SELECT payload_revision FROM eventstore.domain_event_entry "
                                       + "WHERE aggregate_identifier = ? AND sequence_number = 2", String.class,
                                       payment.value())).isEqualTo("2");
        assertThat(new String(jdbc.queryForObject("SELECT payload FROM eventstore.domain_event_entry "
                                                  + "WHERE aggregate_identifier = ? AND sequence_number = 2",
                                                  byte[].class, payment.value()), StandardCharsets.UTF_8))
                .contains("\"includedAt\"").doesNotContain("\"at\"");
    }

    @Test
    void revisionOneDetectionsAreReadWithTheFieldsAddedSinceAsUnknown() {
        MerchantId merchant = MerchantId.of("mer_" + hex(8));
        InvoiceId invoice = InvoiceId.of("inv_" + hex(8));
        PaymentId payment = PaymentId.of(Chain.TRON, hex(32), 0);
        // Both as the serializer wrote them at revision 1: no blockTime, no statusAfter.
        insert(payment.value(), "Payment", PaymentDetected.class, "{\"paymentId\":\"" + payment + "\",\"invoiceId\":\""
               + invoice + "\",\"merchantId\":\"" + merchant + "\",\"chain\":\"tron\",\"txHash\":\""
               + payment.value().split(":")[1] + "\",\"logIndex\":0,\"fromAddress\":\"TFrom\",\"toAddress\":\"TTo\","
               + "\"amount\":{\"asset\":\"USDT\",\"baseUnits\":5000000},\"requiredConfirmations\":1,"
               + "\"detection\":1,\"detectedAt\":\"2025-03-01T10:15:30Z\"}");
        insert(invoice.value(), "Invoice", InvoicePaymentDetected.class, "{\"invoiceId\":\"" + invoice
               + "\",\"merchantId\":\"" + merchant + "\",\"paymentId\":\"" + payment + "\","
               + "\"amount\":{\"asset\":\"USDT\",\"baseUnits\":5000000},\"late\":false,"
               + "\"detectedAt\":\"2025-03-01T10:15:31Z\"}");

        PaymentDetected detected = (PaymentDetected) eventStore.readEvents(payment.value()).asStream()
                                                               .findFirst().orElseThrow().getPayload();
        assertThat(detected.blockTime()).isNull();
        assertThat(detected.paidAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30Z"));
        InvoicePaymentDetected registered = (InvoicePaymentDetected) eventStore.readEvents(invoice.value())
                .asStream().findFirst().orElseThrow().getPayload();
        assertThat(registered.statusAfter()).isNull();
        // The one rule for what revision 1 left implicit.
        assertThat(registered.statusAfter(InvoiceStatus.PENDING)).isEqualTo(InvoiceStatus.CONFIRMING);
        assertThat(registered.statusAfter(InvoiceStatus.EXPIRED)).isEqualTo(InvoiceStatus.EXPIRED);
    }

    @Test
    void aRevisionOnePaidInvoiceSettlesInItsFirstRound() {
        MerchantId merchant = MerchantId.of("mer_" + hex(8));
        InvoiceId invoice = InvoiceId.of("inv_" + hex(8));
        // As the serializer wrote it at revision 1: no settlementId (settlement rounds did not exist).
        insert(invoice.value(), "Invoice", InvoicePaid.class, "{\"invoiceId\":\"" + invoice + "\",\"merchantId\":\""
               + merchant + "\",\"amountDue\":{\"asset\":\"USDT\",\"baseUnits\":5000000},"
               + "\"gross\":{\"asset\":\"USDT\",\"baseUnits\":5000000},"
               + "\"overpaid\":{\"asset\":\"USDT\",\"baseUnits\":0},\"feeBasisPoints\":100,"
               + "\"lateAccepted\":false,\"paidAt\":\"2025-03-01T10:15:32Z\"}");

        var message = eventStore.readEvents(invoice.value()).asStream().findFirst().orElseThrow();
        InvoicePaid paid = (InvoicePaid) message.getPayload();
        assertThat(paid.settlementId()).isNull();
        assertThat(paid.settlement()).isEqualTo(SettlementId.forInvoice(invoice));
        assertThat(paid.gross().baseUnits()).isEqualTo(5_000_000L);
        assertThat(paid.paidAt()).isEqualTo(Instant.parse("2025-03-01T10:15:32Z"));
    }

    private void insert(String aggregateId, String aggregateType, Class<?> payloadType, String revisionOne) {
        jdbc.update("INSERT INTO eventstore.domain_event_entry (aggregate_identifier, sequence_number, type, "
                    + "event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) "
                    + "VALUES (?, 0, ?, ?, ?, ?, '1', ?, '2025-03-01T10:15:33.5Z')",
                    aggregateId, aggregateType, UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                    revisionOne.getBytes(StandardCharsets.UTF_8), payloadType.getName());
    }
}
