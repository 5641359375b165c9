package dev.tally.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global stream as NDJSON and CSV: filters, bad parameters, and an export of 100 000 events (about 150 MB as
 * stored) that streams in bounded memory. The linker is off here: these rows are about exporting, not hashing.
 */
@TestPropertySource(properties = {"tally.audit.chain-enabled=false", "tally.audit.fetch-size=500"})
class EventExportTest extends AuditTestBase {
    private static final int EVENTS = 100_000;
    private static final String PLACEHOLDER = "inv_PLACEHOLDER000";
    private static final long MIB = 1024 * 1024;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;

    @BeforeEach
    void seedOnce() {
        if (jdbc.queryForObject("SELECT count(*) FROM eventstore.domain_event_entry", Long.class) >= EVENTS) {
            return;
        }
        // One real event, serialized by the event serializer; each row gets its own invoice id, event id and time.
        InvoiceCreated template = new InvoiceCreated(InvoiceId.of(PLACEHOLDER), MerchantId.of("mer_exporter01"),
                "order", TokenAmount.parse("12.50", Asset.USDT), Chain.TRON, "TAddress", 1, 1, 100,
                "x".repeat(1400), Map.of(), Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-01-01T00:15:00Z"));
        byte[] payload = serializer.serialize(template, byte[].class).getData();
        byte[] metaData = serializer.serialize(MetaData.with("principal", "system"), byte[].class).getData();
        jdbc.update("INSERT INTO eventstore.domain_event_entry (aggregate_identifier, sequence_number, type, "
                    + "event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) "
                    + "SELECT 'inv_' || lpad(i::text, 14, '0'), 0, 'Invoice', gen_random_uuid()::text, ?, "
                    + "convert_to(replace(convert_from(?, 'UTF8'), ?, 'inv_' || lpad(i::text, 14, '0')), 'UTF8'), "
                    + "'1', ?, to_char(timestamp '2025-01-01 00:00:00' + i * interval '1 millisecond', "
                    + "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM generate_series(1, ?) AS i",
                    metaData, payload, PLACEHOLDER, InvoiceCreated.class.getName(), EVENTS);
    }

    @Test
    void exportingOneHundredThousandEventsStreamsInBoundedMemory() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();

        HttpResponse<InputStream> response = http.send(request("/api/v1/audit/events", ADMIN_KEY).GET().build(),
                                                       HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            JsonNode first = JSON.readTree(lines.readLine());
            assertThat(first.get("globalIndex").asLong()).isEqualTo(1);
            assertThat(first.get("payload").get("invoiceId").asText()).isEqualTo("inv_00000000000001");

            // The first event has arrived while the server is still reading: its cursor is open, and it holds a
            // small part of the 150 MB it is exporting (a full load would hold all of it by now).
            assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                                           + "AND state IN ('active', 'idle in transaction') "
                                           + "AND query LIKE '%FROM eventstore.domain_event_entry WHERE TRUE%'",
                                           Long.class)).isEqualTo(1);
            System.gc();
            long during = memory.getHeapMemoryUsage().getUsed();
            assertThat(during - before).isLessThan(48 * MIB);

            long count = 1;
            long lastIndex = 1;
            String line;
            while ((line = lines.readLine()) != null) {
                count++;
                if (count % 10_000 == 0) {
                    JsonNode event = JSON.readTree(line);
                    assertThat(event.get("globalIndex").asLong()).isEqualTo(count);
                    assertThat(event.get("type").asText()).isEqualTo(InvoiceCreated.class.getName());
                    assertThat(event.get("metadata").get("principal").asText()).isEqualTo("system");
                }
                lastIndex = count;
            }
            assertThat(count).isEqualTo(EVENTS);
            assertThat(lastIndex).isEqualTo(EVENTS);
        }
    }

    @Test
    void filtersByIndexTypeAndTimeAndWritesCsv() throws Exception {
        Answer range = get("/api/v1/audit/events?fromIndex=5&toIndex=7&format=csv", ADMIN_KEY);
        assertThat(range.status()).isEqualTo(200);
        assertThat(range.contentType()).startsWith("text/csv");
        String[] rows = range.body().split("\r\n");
        assertThat(rows).hasSize(4);
        assertThat(rows[0]).startsWith("global_index,timestamp,aggregate_type,aggregate_id");
        assertThat(rows[1]).startsWith("5,2025-01-01T00:00:00.005Z,Invoice,inv_00000000000005,0,");
        // the payload is one quoted CSV field with its quotes doubled
        assertThat(rows[1]).contains(",\"{\"\"invoiceId\"\":\"\"inv_00000000000005\"\"");

        String ndjson = get("/api/v1/audit/events?toIndex=20&from=2025-01-01T00:00:00.010Z"
                            + "&to=2025-01-01T00:00:00.012Z", ADMIN_KEY).body();
        assertThat(ndjson.lines().map(l -> readTree(l).get("globalIndex").asLong()).toList())
                .containsExactly(10L, 11L, 12L);

        assertThat(get("/api/v1/audit/events?toIndex=3&type=InvoiceCreated", ADMIN_KEY).body().lines()).hasSize(3);
        assertThat(get("/api/v1/audit/events?toIndex=3&type=" + InvoiceCreated.class.getName(), ADMIN_KEY)
                           .body().lines()).hasSize(3);
        assertThat(get("/api/v1/audit/events?toIndex=3&type=PaymentDetected", ADMIN_KEY).body()).isEmpty();
    }

    @Test
    void badParametersAreProblemsAndOnlyAuditorsExport() {
        for (String query : new String[]{"from=yesterday", "fromIndex=x", "format=xml", "toIndex=-1"}) {
            Answer bad = get("/api/v1/audit/events?" + query, ADMIN_KEY);
            assertThat(bad.status()).as(query).isEqualTo(400);
            assertThat(bad.contentType()).as(query).startsWith("application/problem+json");
        }
        String merchantKey = apiKeys.issue(MerchantId.of("mer_" + hex(8)), "audit:read");
        assertThat(get("/api/v1/audit/events?toIndex=1", merchantKey).status()).isEqualTo(403);
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
