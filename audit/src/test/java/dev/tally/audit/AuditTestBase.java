package dev.tally.audit;

import dev.tally.platform.test.TestApiKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The audit module alone on a PostgreSQL database of its own, over real HTTP. Events are appended through Axon's
 * event store as the command side would append them.
 */
@SpringBootTest(classes = AuditApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + AuditTestBase.ADMIN_KEY,
                "tally.audit.link-interval=100ms",
                "tally.audit.gap-timeout=1s",
                "tally.audit.signing-key-file=${java.io.tmpdir}/tally-audit-test-${random.uuid}/key.properties"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@Import(TestApiKeys.class)
public abstract class AuditTestBase {
    public static final String ADMIN_KEY = "tly_admin_audit_test_0123456789abcdef";
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @LocalServerPort
    protected int port;
    @Autowired
    protected EventStore eventStore;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected TestApiKeys apiKeys;

    protected final HttpClient http = HttpClient.newHttpClient();

    protected record Answer(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    /** Appends one event of an aggregate, as an aggregate would, and returns its global index. */
    protected long append(String aggregateType, String aggregateId, long sequence, Object payload) {
        return append(aggregateType, aggregateId, sequence, payload, Instant.now());
    }

    /**
     * Appends one event stamped {@code at}. The store keeps milliseconds: events a test needs apart in time must be
     * at least a millisecond apart, which two appends in a row need not be.
     */
    protected long append(String aggregateType, String aggregateId, long sequence, Object payload, Instant at) {
        eventStore.publish(new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload,
                                                           MetaData.with("principal", "system"),
                                                           UUID.randomUUID().toString(), at));
        return jdbc.queryForObject("SELECT global_index FROM eventstore.domain_event_entry "
                                   + "WHERE aggregate_identifier = ? AND sequence_number = ?", Long.class,
                                   aggregateId, sequence);
    }

    protected Answer get(String path, String key) {
        return send(request(path, key).GET());
    }

    protected Answer post(String path, String key, String body) {
        return send(request(path, key).header("Content-Type", "application/json")
                                      .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                                                         : HttpRequest.BodyPublishers.ofString(body)));
    }

    protected HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                                 .timeout(Duration.ofSeconds(120));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    protected Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                              response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
