package dev.tally.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.platform.axon.ReadModel;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rebuild machinery on the audit module alone, with projections of the test's own: only groups made entirely of
 * {@link ReadModel}s are offered; a rebuild replays in batches through a projection's per-batch hook (the kind the
 * ledger's invariant checks use), keeps its rows, and leaves the token at the head, so the processor resumes
 * without handling anything twice.
 */
@Import(ProjectionRebuilderTest.Projections.class)
@TestPropertySource(properties = "tally.audit.rebuild-batch-size=40")
class ProjectionRebuilderTest extends AuditTestBase {
    @Autowired
    MeterRegistry meters;

    @Test
    void onlyGroupsMadeOfReadModelsCanBeRebuilt() {
        JsonNode overview = get("/api/v1/audit/rebuilds", ADMIN_KEY).json();
        assertThat(overview.get("rebuildable")).extracting(JsonNode::asText).containsExactly("test-cancellations");
        Answer mixed = post("/api/v1/audit/rebuilds", ADMIN_KEY, "{\"projections\":[\"test-mixed\"]}");
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.body()).contains("unknown projection 'test-mixed'").contains("test-cancellations");
    }

    @Test
    void aRebuildRunsBatchHooksKeepsTheRowsAndResumesAtTheHead() {
        long before = rows();
        for (int i = 0; i < 150; i++) {
            cancel();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> rows() == before + 150 && total() == before + 150);
        List<String> snapshot = snapshot();
        long batchesBefore = Projections.BATCHES.get();

        Answer started = post("/api/v1/audit/rebuilds", ADMIN_KEY, "{\"projections\":[\"test-cancellations\"]}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> !get("/api/v1/audit/rebuilds/" + id, ADMIN_KEY).json()
                .get("status").asText().matches("QUEUED|RUNNING"));
        JsonNode done = get("/api/v1/audit/rebuilds/" + id, ADMIN_KEY).json().get("projections").get(0);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("eventsDone").asLong()).isEqualTo(done.get("eventsTotal").asLong())
                                                   .isGreaterThanOrEqualTo(150);

        // The reset set the total to zero, then every batch's hook added its share: it is whole again.
        assertThat(snapshot()).isEqualTo(snapshot);
        assertThat(total()).isEqualTo(rows());
        assertThat(Projections.BATCHES.get() - batchesBefore).isGreaterThanOrEqualTo(150 / 40);

        // Operators' gauges: nothing left to rebuild.
        assertThat(meters.get("tally.rebuild.projections.pending").gauge().value()).isZero();
        assertThat(meters.get("tally.rebuild.events.remaining").gauge().value()).isZero();

        // The processor resumes after the last replayed event: a new one is handled once, and no old one again
        // (the primary key would refuse it and the processor would stall).
        cancel();
        await().atMost(Duration.ofSeconds(60)).until(() -> rows() == before + 151 && total() == before + 151);
    }

    private void cancel() {
        String invoice = "inv_" + hex(8);
        append("Invoice", invoice, 0, new InvoiceCancelled(InvoiceId.of(invoice), MerchantId.of("mer_" + hex(8)),
                                                           Instant.now()));
    }

    private long rows() {
        return jdbc.queryForObject("SELECT count(*) FROM public.test_cancellations", Long.class);
    }

    private long total() {
        return jdbc.queryForObject("SELECT total FROM public.test_cancellation_total", Long.class);
    }

    private List<String> snapshot() {
        return jdbc.queryForList("SELECT t::text FROM public.test_cancellations t ORDER BY 1", String.class);
    }

    /** Plain bean definitions (no stereotype, so the module's component scan leaves them to this test). */
    static class Projections {
        static final AtomicLong BATCHES = new AtomicLong();

        @Bean
        Cancellations testCancellations(JdbcTemplate jdbc) {
            return new Cancellations(jdbc);
        }

        @Bean
        MixedView testMixedView() {
            return new MixedView();
        }

        @Bean
        MixedSideEffect testMixedSideEffect() {
            return new MixedSideEffect();
        }
    }

    /** A read model with a per-batch hook, like the ledger's: the batch's count is added when the batch commits. */
    @ReadModel
    @ProcessingGroup("test-cancellations")
    static class Cancellations {
        private final JdbcTemplate jdbc;

        Cancellations(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("CREATE TABLE IF NOT EXISTS public.test_cancellations (invoice_id TEXT PRIMARY KEY, "
                         + "merchant_id TEXT NOT NULL, cancelled_at TEXT NOT NULL)");
            jdbc.execute("CREATE TABLE IF NOT EXISTS public.test_cancellation_total (total BIGINT NOT NULL)");
            jdbc.execute("INSERT INTO public.test_cancellation_total SELECT 0 "
                         + "WHERE NOT EXISTS (SELECT 1 FROM public.test_cancellation_total)");
        }

        @EventHandler
        void on(InvoiceCancelled event) {
            jdbc.update("INSERT INTO public.test_cancellations VALUES (?, ?, ?)", event.invoiceId().value(),
                        event.merchantId().value(), event.cancelledAt().toString());
            UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
            batch.getOrComputeResource("test-cancellations-count", key -> {
                AtomicLong count = new AtomicLong();
                batch.onPrepareCommit(u -> {
                    jdbc.update("UPDATE public.test_cancellation_total SET total = total + ?", count.get());
                    Projections.BATCHES.incrementAndGet();
                });
                return count;
            }).incrementAndGet();
        }

        @ResetHandler
        void reset() {
            jdbc.update("DELETE FROM public.test_cancellations");
            jdbc.update("UPDATE public.test_cancellation_total SET total = 0");
        }
    }

    /** Half of a group: a read model ... */
    @ReadModel
    @ProcessingGroup("test-mixed")
    static class MixedView {
        @EventHandler
        void on(InvoiceCancelled event) {
            // nothing to keep
        }
    }

    /** ... and, in the same group, a handler that is not one: the group must never be replayed. */
    @ProcessingGroup("test-mixed")
    static class MixedSideEffect {
        @EventHandler
        void on(InvoiceCancelled event) {
            // stands for a call out
        }
    }
}
