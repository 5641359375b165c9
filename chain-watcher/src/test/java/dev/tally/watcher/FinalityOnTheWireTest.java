package dev.tally.watcher;

import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.watcher.transport.KafkaObservationPublisher;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain's finality travels with the confirmations in the Kafka envelope. */
class FinalityOnTheWireTest {

    @Test
    void confirmationsCarryTheFinalizedFlag() {
        PaymentId payment = PaymentId.of("tron:" + "ab".repeat(32) + ":0");
        String json = KafkaObservationPublisher.encode(new ConfirmationsObserved(payment, "0xbeef", 20, true,
                                                                                 Instant.parse("2026-11-22T00:00:00Z")));
        assertThat(json).contains("\"type\":\"ConfirmationsObserved\"").contains("\"finalized\":true")
                        .contains("\"confirmations\":20");
        assertThat(KafkaObservationPublisher.encode(new ConfirmationsObserved(payment, "0xbeef", 2,
                Instant.parse("2026-11-22T00:00:00Z")))).contains("\"finalized\":false");
    }

    @Test
    void aReaderGetsTheFlagBack() throws Exception {
        PaymentId payment = PaymentId.of("tron:" + "ab".repeat(32) + ":0");
        ConfirmationsObserved sent = new ConfirmationsObserved(payment, "0xbeef", 20, true,
                                                               Instant.parse("2026-11-22T00:00:00Z"));
        var envelope = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).build()
                .readTree(KafkaObservationPublisher.encode(sent));
        ConfirmationsObserved read = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .build().treeToValue(envelope.get("observation"), ConfirmationsObserved.class);
        assertThat(read).isEqualTo(sent);
    }
}
