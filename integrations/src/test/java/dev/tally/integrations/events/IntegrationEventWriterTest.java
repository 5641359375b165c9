package dev.tally.integrations.events;

import dev.tally.integrations.IntegrationsTestBase;
import dev.tally.integrations.InvoiceStory;
import dev.tally.integrations.kafka.KafkaIntegrationEventPublisher;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.platform.axon.deadletter.DeadLetters;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The events-table writer on a real event store and database: order, idempotence, replays. */
class IntegrationEventWriterTest extends IntegrationsTestBase {
    /** One merchant's rows (another test's retried dead letters were written after events they precede in the store). */
    private static final String ROWS_OF_MERCHANT = "SELECT seq, event_id, merchant_id, invoice_id, type, created_at, "
                                                   + "body FROM integration.events WHERE merchant_id = ? ORDER BY seq";

    @Autowired
    ApplicationContext context;

    @Test
    void domainEventsBecomeRowsInTheOrderOfTheEventStore() {
        MerchantId merchant = InvoiceStory.newMerchant();
        InvoiceStory first = new InvoiceStory(merchant, "9.99");
        InvoiceStory second = new InvoiceStory(merchant, "20.00");
        PaymentId payment = InvoiceStory.newPaymentId();
        append(first.created(), second.created(), first.paymentDetected(payment, "10.49"),
               first.invoicePaymentDetected(payment, "10.49", false), second.cancelled());
        Object[] rest = first.paidAndSettled(payment);
        append(java.util.Arrays.copyOfRange(rest, 3, rest.length));
        awaitProcessed(IntegrationEventWriter.GROUP);

        assertThat(typesOf(first.invoiceId)).containsExactly("invoice.created", "invoice.payment_detected",
                "invoice.confirming", "invoice.paid", "invoice.overpaid", "settlement.completed", "invoice.settled");
        assertThat(typesOf(second.invoiceId)).containsExactly("invoice.created", "invoice.cancelled");
        List<String> all = jdbc.queryForList("SELECT type || ' ' || invoice_id FROM integration.events "
                                             + "WHERE merchant_id = ? ORDER BY seq", String.class, merchant.value());
        assertThat(all).startsWith("invoice.created " + first.invoiceId, "invoice.created " + second.invoiceId,
                                   "invoice.payment_detected " + first.invoiceId,
                                   "invoice.cancelled " + second.invoiceId);
        // Each merchant's own numbering, 1, 2, 3, … in the same order (what the events API pages by), whatever
        // other merchants wrote in between.
        MerchantId other = InvoiceStory.newMerchant();
        append(new InvoiceStory(other, "1.00").created());
        awaitProcessed(IntegrationEventWriter.GROUP);
        List<Long> numbers = jdbc.queryForList("SELECT merchant_seq FROM integration.events WHERE merchant_id = ? "
                                               + "ORDER BY seq", Long.class, merchant.value());
        assertThat(numbers).isEqualTo(java.util.stream.LongStream.rangeClosed(1, all.size()).boxed().toList());
        assertThat(jdbc.queryForList("SELECT merchant_seq FROM integration.events WHERE merchant_id = ?", Long.class,
                                     other.value())).containsExactly(1L);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM integration.events WHERE invoice_id = ? "
                                                   + "AND type = 'invoice.paid'", first.invoiceId.value());
        assertThat(row.get("merchant_id")).isEqualTo(merchant.value());
        assertThat((String) row.get("body"))
                .startsWith("{\"id\":\"" + row.get("event_id") + "\",\"type\":\"invoice.paid\"");
    }

    @Autowired
    DeadLetters deadLetters;

    /** Prevents one merchant's event that the table refuses from stopping every merchant's webhooks and events API. */
    @Test
    void anEventTheTableRefusesParksOnlyItsInvoiceAndARetryWritesItAfterTheFix() {
        MerchantId poisoned = InvoiceStory.newMerchant();
        jdbc.execute("CREATE OR REPLACE FUNCTION integration.refuse_one_merchant() RETURNS trigger LANGUAGE plpgsql "
                     + "AS $$ BEGIN IF NEW.merchant_id = '" + poisoned.value() + "' THEN "
                     + "RAISE EXCEPTION 'this event is refused by the test'; END IF; RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER refuse_one_merchant BEFORE INSERT ON integration.events "
                     + "FOR EACH ROW EXECUTE FUNCTION integration.refuse_one_merchant()");
        try {
            InvoiceStory poison = new InvoiceStory(poisoned, "5.00");
            append(poison.created());
            List<InvoiceStory> others = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                InvoiceStory other = new InvoiceStory(InvoiceStory.newMerchant(), "1.00");
                others.add(other);
                append(other.created());
            }
            append(poison.cancelled());
            awaitProcessed(IntegrationEventWriter.GROUP);

            assertThat(others).allSatisfy(other -> assertThat(typesOf(other.invoiceId))
                    .containsExactly("invoice.created"));
            assertThat(typesOf(poison.invoiceId)).isEmpty();
            assertThat(deadLetters.list(IntegrationEventWriter.GROUP, 10)).extracting(DeadLetters.Letter::eventType)
                    .satisfiesExactly(t -> assertThat(t).endsWith("InvoiceCreated"),
                                      t -> assertThat(t).endsWith("InvoiceCancelled"));
        } finally {
            jdbc.execute("DROP TRIGGER refuse_one_merchant ON integration.events");
        }

        assertThat(deadLetters.retryGroup(IntegrationEventWriter.GROUP, java.time.Instant.now().plusSeconds(1), 10))
                .isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT type FROM integration.events WHERE merchant_id = ? ORDER BY seq",
                                     String.class, poisoned.value()))
                .containsExactly("invoice.created", "invoice.cancelled");
        assertThat(jdbc.queryForList("SELECT merchant_seq FROM integration.events WHERE merchant_id = ? ORDER BY seq",
                                     Long.class, poisoned.value())).containsExactly(1L, 2L);
        assertThat(deadLetters.list(IntegrationEventWriter.GROUP, 10)).isEmpty();
    }

    @Test
    void theWriterRunsOnOneSegmentAndTheKafkaPublisherIsOffByDefault() {
        awaitProcessed(IntegrationEventWriter.GROUP);
        assertThat(tokenStore.fetchSegments(IntegrationEventWriter.GROUP)).containsExactly(0);
        assertThat(context.getBeansOfType(KafkaIntegrationEventPublisher.class)).isEmpty();
        assertThat(processing.eventProcessor(KafkaIntegrationEventPublisher.GROUP)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eventstore.token_entry WHERE processor_name = ?",
                                       Long.class, KafkaIntegrationEventPublisher.GROUP)).isZero();
    }

    @Test
    void aReplayChangesNothingAndARebuildWritesIdenticalRows() {
        MerchantId merchant = InvoiceStory.newMerchant();
        InvoiceStory story = new InvoiceStory(merchant, "9.99");
        InvoiceStory other = new InvoiceStory(merchant, "1.00");
        PaymentId payment = InvoiceStory.newPaymentId();
        append(story.paidAndSettled(payment));
        append(other.created(), other.expired());
        awaitProcessed(IntegrationEventWriter.GROUP);
        List<Map<String, Object>> before = jdbc.queryForList(ROWS_OF_MERCHANT, merchant.value());
        assertThat(before).isNotEmpty();

        // a replay over the table as it is: state rebuilt, every row already there, nothing written twice
        replay();
        assertThat(jdbc.queryForList(ROWS_OF_MERCHANT, merchant.value())).isEqualTo(before);

        // a rebuild from an empty table: the same events with the same ids and bodies, in the same order
        jdbc.update("DELETE FROM integration.events");
        replay();
        List<Map<String, Object>> rebuilt = jdbc.queryForList(ROWS_OF_MERCHANT, merchant.value());
        assertThat(rebuilt).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            Map<String, Object> was = new java.util.HashMap<>(before.get(i));
            Map<String, Object> now = new java.util.HashMap<>(rebuilt.get(i));
            assertThat((Long) now.remove("seq")).isGreaterThan((Long) was.remove("seq"));
            assertThat(now).isEqualTo(was);
        }
    }

    /** Resets the writer and waits until it is past its replay and has handled a marker event appended after it. */
    private void replay() {
        StreamingEventProcessor writer = processor(IntegrationEventWriter.GROUP);
        writer.shutDown();
        writer.resetTokens();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM integration.invoice_states WHERE processing_group = ?",
                                       Long.class, IntegrationEventWriter.GROUP)).isZero();
        writer.start();
        awaitProcessed(IntegrationEventWriter.GROUP);
        await().atMost(PATIENCE).until(() -> !writer.isReplaying());
    }
}
