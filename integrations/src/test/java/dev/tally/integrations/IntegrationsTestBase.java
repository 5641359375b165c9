package dev.tally.integrations;

import dev.tally.platform.test.TestApiKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoicePaymentWithdrawn;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The integrations module alone on a PostgreSQL database of its own, over real HTTP. Domain events are appended
 * through Axon's event store as the command side and the sagas would append them.
 */
@SpringBootTest(classes = IntegrationsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tally.admin.api-key=" + IntegrationsTestBase.ADMIN_KEY, "tally.rate-limits.enabled=false",
                      "spring.datasource.hikari.maximum-pool-size=10"})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@Import(TestApiKeys.class)
public abstract class IntegrationsTestBase {
    public static final String ADMIN_KEY = "tly_admin_integrations_test_0123456789abcdef";
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Next sequence number per aggregate, as the aggregates would number their events. */
    private static final Map<String, AtomicLong> SEQUENCES = new ConcurrentHashMap<>();

    @LocalServerPort
    protected int port;
    @Autowired
    protected EventStore eventStore;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected TestApiKeys apiKeys;
    @Autowired
    protected EventProcessingConfiguration processing;
    @Autowired
    protected TokenStore tokenStore;

    protected final HttpClient http = HttpClient.newHttpClient();

    protected record Answer(int status, String body, String contentType) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    /** Appends each payload to its aggregate's stream (invoice, payment or settlement), in the order given. */
    protected void append(Object... payloads) {
        for (Object payload : payloads) {
            String[] aggregate = aggregateOf(payload);
            long sequence = SEQUENCES.computeIfAbsent(aggregate[1], id -> new AtomicLong()).getAndIncrement();
            eventStore.publish(new GenericDomainEventMessage<>(aggregate[0], aggregate[1], sequence, payload,
                                                               MetaData.with("principal", "system")));
        }
    }

    private static String[] aggregateOf(Object payload) {
        if (payload instanceof InvoiceCreated e) {
            return invoice(e.invoiceId());
        } else if (payload instanceof InvoicePaymentDetected e) {
            return invoice(e.invoiceId());
        } else if (payload instanceof InvoicePaymentConfirmed e) {
            return invoice(e.invoiceId());
        } else if (payload instanceof InvoicePaymentWithdrawn e) {
            return invoice(e.invoiceId());
        } else if (payload instanceof InvoicePaid e) {
            return invoice(e.invoiceId());
        } else if (payload instanceof InvoiceExpired e) {
            return invoice(e.invoiceId());
        } else if (payload instanceof InvoiceCancelled e) {
            return invoice(e.invoiceId());
        } else if (payload instanceof InvoiceSettled e) {
            return invoice(e.invoiceId());
        } else if (payload instanceof PaymentDetected e) {
            return new String[]{"Payment", e.paymentId().value()};
        } else if (payload instanceof PaymentIncludedInBlock e) {
            return new String[]{"Payment", e.paymentId().value()};
        } else if (payload instanceof PaymentConfirmed e) {
            return new String[]{"Payment", e.paymentId().value()};
        } else if (payload instanceof PaymentFailed e) {
            return new String[]{"Payment", e.paymentId().value()};
        } else if (payload instanceof PaymentOrphaned e) {
            return new String[]{"Payment", e.paymentId().value()};
        } else if (payload instanceof SettlementCreated e) {
            return new String[]{"Settlement", e.settlementId().value()};
        } else if (payload instanceof SettlementCompleted e) {
            return new String[]{"Settlement", e.settlementId().value()};
        }
        throw new IllegalArgumentException("no aggregate for " + payload);
    }

    private static String[] invoice(InvoiceId id) {
        return new String[]{"Invoice", id.value()};
    }

    /** Waits until the processor has handled everything in the event store. */
    protected void awaitProcessed(String processorName) {
        var headToken = eventStore.createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElse(-1);
        StreamingEventProcessor processor = processor(processorName);
        await().atMost(PATIENCE).untilAsserted(() -> {
            int segments = tokenStore.fetchSegments(processorName).length;
            assertThat(segments).isPositive();
            assertThat(processor.processingStatus()).hasSize(segments);
            assertThat(processor.processingStatus().values()).allSatisfy(status -> {
                assertThat(status.isErrorState()).isFalse();
                assertThat(status.getCurrentPosition().orElse(-1)).isGreaterThanOrEqualTo(head);
            });
        });
    }

    protected StreamingEventProcessor processor(String processorName) {
        return processing.eventProcessor(processorName, StreamingEventProcessor.class).orElseThrow();
    }

    /** The rows of integration.events of one invoice, oldest first: type names. */
    protected List<String> typesOf(InvoiceId invoice) {
        return jdbc.queryForList("SELECT type FROM integration.events WHERE invoice_id = ? ORDER BY seq",
                                 String.class, invoice.value());
    }

    protected Answer get(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                                 .timeout(Duration.ofSeconds(60)).GET();
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                              response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
