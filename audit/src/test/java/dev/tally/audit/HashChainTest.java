package dev.tally.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.audit.chain.HashChain;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hash chain: kept current, verified, broken by one flipped byte exactly where it was flipped, and checkpoints. */
class HashChainTest extends AuditTestBase {

    @Autowired
    HashChain chain;

    @Test
    void flippingOneByteOfOneStoredEventIsReportedAtThatIndexAndNowhereEarlier() {
        List<Long> indexes = appendSome(12);
        awaitLinked(indexes.get(indexes.size() - 1));
        assertThat(post("/api/v1/audit/verify", ADMIN_KEY, null).json().get("intact").asBoolean()).isTrue();

        long victim = indexes.get(7);
        flipOneByte(victim);
        try {
            JsonNode result = post("/api/v1/audit/verify", ADMIN_KEY, null).json();
            assertThat(result.get("intact").asBoolean()).isFalse();
            assertThat(result.get("firstBroken").get("globalIndex").asLong()).isEqualTo(victim);
            assertThat(result.get("firstBroken").get("expected").asText())
                    .isNotEqualTo(result.get("firstBroken").get("found").asText());
            // every event before the victim was checked and found intact
            assertThat(result.get("eventsChecked").asLong()).isEqualTo(count("global_index < ?", victim));

            // a range that ends before the victim is intact; one that starts at it is not
            JsonNode before = post("/api/v1/audit/verify", ADMIN_KEY,
                                   "{\"toIndex\":" + (victim - 1) + "}").json();
            assertThat(before.get("intact").asBoolean()).isTrue();
            JsonNode from = post("/api/v1/audit/verify", ADMIN_KEY, "{\"fromIndex\":" + victim + "}").json();
            assertThat(from.get("firstBroken").get("globalIndex").asLong()).isEqualTo(victim);
        } finally {
            flipOneByte(victim);
        }
        assertThat(post("/api/v1/audit/verify", ADMIN_KEY, null).json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void aDeletedEventAndAnEventWrittenIntoASkippedIndexAreBothReported() {
        List<Long> indexes = appendSome(3);
        // A transaction that took an index and rolled back leaves a gap; the linker waits, then links past it.
        long skipped = jdbc.queryForObject("SELECT nextval('eventstore.domain_event_entry_global_index_seq')", Long.class);
        List<Long> after = appendSome(2);
        awaitLinked(after.get(1));
        assertThat(jdbc.queryForObject("SELECT previous_index FROM audit.hash_links WHERE global_index = ?",
                                       Long.class, after.get(0))).isEqualTo(skipped - 1);
        assertThat(post("/api/v1/audit/verify", ADMIN_KEY, null).json().get("intact").asBoolean()).isTrue();

        // Someone writes an event into the skipped index afterwards.
        jdbc.update("INSERT INTO eventstore.domain_event_entry (global_index, aggregate_identifier, sequence_number, "
                    + "type, event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) "
                    + "SELECT ?, aggregate_identifier || 'x', sequence_number, type, event_identifier || 'x', meta_data, "
                    + "payload, payload_revision, payload_type, time_stamp FROM eventstore.domain_event_entry "
                    + "WHERE global_index = ?", skipped, indexes.get(0));
        JsonNode inserted = post("/api/v1/audit/verify", ADMIN_KEY, null).json();
        assertThat(inserted.get("firstBroken").get("globalIndex").asLong()).isEqualTo(skipped);
        jdbc.update("DELETE FROM eventstore.domain_event_entry WHERE global_index = ?", skipped);

        // Someone deletes a linked event.
        var row = jdbc.queryForMap("SELECT * FROM eventstore.domain_event_entry WHERE global_index = ?", indexes.get(1));
        jdbc.update("DELETE FROM eventstore.domain_event_entry WHERE global_index = ?", indexes.get(1));
        try {
            JsonNode deleted = post("/api/v1/audit/verify", ADMIN_KEY, null).json();
            assertThat(deleted.get("firstBroken").get("globalIndex").asLong()).isEqualTo(indexes.get(1));
            assertThat(deleted.get("firstBroken").get("reason").asText()).contains("missing");
        } finally {
            jdbc.update("INSERT INTO eventstore.domain_event_entry (global_index, aggregate_identifier, sequence_number, "
                        + "type, event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row.get("global_index"), row.get("aggregate_identifier"),
                        row.get("sequence_number"), row.get("type"), row.get("event_identifier"), row.get("meta_data"),
                        row.get("payload"), row.get("payload_revision"), row.get("payload_type"), row.get("time_stamp"));
        }
        assertThat(post("/api/v1/audit/verify", ADMIN_KEY, null).json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void aSignedCheckpointCanBeRecordedAndLaterReChecked() {
        List<Long> indexes = appendSome(4);
        awaitLinked(indexes.get(3));
        Answer latest = get("/api/v1/audit/checkpoints/latest", ADMIN_KEY);
        assertThat(latest.status()).isEqualTo(200);
        JsonNode checkpoint = latest.json();
        assertThat(checkpoint.get("globalIndex").asLong()).isGreaterThanOrEqualTo(indexes.get(3));
        assertThat(checkpoint.get("algorithm").asText()).isEqualTo("Ed25519");

        JsonNode check = post("/api/v1/audit/checkpoints/verify", ADMIN_KEY, checkpoint.toString()).json();
        assertThat(check.get("valid").asBoolean()).isTrue();

        // A checkpoint whose statement was edited no longer matches its signature.
        ObjectNode forged = checkpoint.deepCopy();
        forged.put("signedAt", Instant.parse(checkpoint.get("signedAt").asText()).plusSeconds(1).toString());
        JsonNode forgedCheck = post("/api/v1/audit/checkpoints/verify", ADMIN_KEY, forged.toString()).json();
        assertThat(forgedCheck.get("valid").asBoolean()).isFalse();
        assertThat(forgedCheck.get("signatureValid").asBoolean()).isFalse();

        // History rewritten below the checkpoint: the recorded checkpoint no longer holds.
        flipOneByte(indexes.get(0));
        try {
            JsonNode rewritten = post("/api/v1/audit/checkpoints/verify", ADMIN_KEY, checkpoint.toString()).json();
            assertThat(rewritten.get("valid").asBoolean()).isFalse();
            assertThat(rewritten.get("signatureValid").asBoolean()).isTrue();
            assertThat(rewritten.get("chain").get("firstBroken").get("globalIndex").asLong()).isEqualTo(indexes.get(0));
        } finally {
            flipOneByte(indexes.get(0));
        }
    }

    @Test
    void onlyAuditorsAndTheAdminVerifyAndBadRangesAreRefused() {
        String merchantKey = apiKeys.issue(MerchantId.of("mer_" + hex(8)), "audit:read");
        assertThat(post("/api/v1/audit/verify", merchantKey, null).status()).isEqualTo(403);
        assertThat(get("/api/v1/audit/checkpoints/latest", merchantKey).status()).isEqualTo(403);
        assertThat(post("/api/v1/audit/verify", null, null).status()).isEqualTo(401);
        Answer bad = post("/api/v1/audit/verify", ADMIN_KEY, "{\"fromIndex\":5,\"toIndex\":2}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        Answer notJson = post("/api/v1/audit/checkpoints/verify", ADMIN_KEY, "{\"globalIndex\":\"x\"}");
        assertThat(notJson.status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- helpers

    private List<Long> appendSome(int n) {
        List<Long> indexes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String invoice = "inv_" + hex(8);
            indexes.add(append("Invoice", invoice, 0,
                               new InvoiceCancelled(InvoiceId.of(invoice), MerchantId.of("mer_" + hex(8)), Instant.now())));
        }
        return indexes;
    }

    private void awaitLinked(long globalIndex) {
        await().atMost(Duration.ofSeconds(30))
               .until(() -> chain.head().map(h -> h.globalIndex() >= globalIndex).orElse(false));
    }

    /** Flips the lowest bit of one payload byte (doing it twice restores it). */
    private void flipOneByte(long globalIndex) {
        jdbc.update("UPDATE eventstore.domain_event_entry SET payload = set_byte(payload, 10, get_byte(payload, 10) # 1) "
                    + "WHERE global_index = ?", globalIndex);
    }

    private long count(String where, Object... args) {
        return jdbc.queryForObject("SELECT count(*) FROM eventstore.domain_event_entry WHERE " + where, Long.class, args);
    }
}
