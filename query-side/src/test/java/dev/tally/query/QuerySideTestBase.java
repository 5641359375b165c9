package dev.tally.query;

import dev.tally.platform.test.TestApiKeys;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query side alone on a PostgreSQL database of its own, with its real processors. Every subclass shares one
 * Spring context (and database), so tests use fresh merchants and compare shared accounts by difference.
 */
@SpringBootTest(classes = QuerySideApplication.class, properties = {
        "tally.admin.api-key=" + QuerySideTestBase.ADMIN_KEY,
        "logging.level.org.axonframework.eventhandling.pooled=WARN"
})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@AutoConfigureMockMvc
@Import({TestEvents.class, TestApiKeys.class})
public abstract class QuerySideTestBase {
    public static final Duration PATIENCE = Duration.ofSeconds(30);
    public static final String ADMIN_KEY = "tly_admin_query_side_test_0123456789abcdef";

    @Autowired
    protected TestEvents events;
    @Autowired
    protected TestApiKeys apiKeys;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected EventProcessingConfiguration processing;
    @Autowired
    protected EventStore eventStore;
    @Autowired
    protected TokenStore tokenStore;

    /**
     * Every test leaves every processor caught up and healthy, and nothing parked: an event a projection refuses
     * (parked in the dead-letter queue) fails the test that published it.
     */
    @AfterEach
    void everyProcessorKeptUp() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                awaitProcessed(name);
            }
        });
        List<Map<String, Object>> parked = jdbc.queryForList(
                "SELECT processinggroup, payloadtype, causemessage FROM eventstore.dead_letter_entry");
        jdbc.update("DELETE FROM eventstore.dead_letter_entry");
        assertThat(parked).as("events parked in the dead-letter queue").isEmpty();
    }

    /**
     * Replays the processing group from the start of the event store and returns the rows of {@code tables}
     * before and after, for a replay-equality assertion.
     */
    protected List<List<Map<String, Object>>> rebuild(String group, String... orderedSelects) {
        awaitProcessed(group);
        List<Map<String, Object>> before = new java.util.ArrayList<>();
        for (String select : orderedSelects) {
            before.addAll(jdbc.queryForList(select));
        }
        StreamingEventProcessor processor = processing.eventProcessor(group, StreamingEventProcessor.class)
                                                      .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        awaitProcessed(group);
        List<Map<String, Object>> after = new java.util.ArrayList<>();
        for (String select : orderedSelects) {
            after.addAll(jdbc.queryForList(select));
        }
        return List.of(before, after);
    }

    /** Waits until every segment of the processor has handled every event stored so far. */
    protected void awaitProcessed(String processorName) {
        var headToken = eventStore.createHeadToken(); // null while the store is empty
        long head = headToken == null ? -1 : headToken.position().orElse(-1);
        StreamingEventProcessor processor = processing.eventProcessor(processorName, StreamingEventProcessor.class)
                                                      .orElseThrow();
        await().atMost(PATIENCE).untilAsserted(() -> {
            int segments = tokenStore.fetchSegments(processorName).length;
            assertThat(processor.processingStatus()).hasSize(segments);
            assertThat(processor.processingStatus().values()).allSatisfy(status -> {
                assertThat(status.isErrorState()).isFalse();
                assertThat(status.getCurrentPosition().orElse(-1)).isGreaterThanOrEqualTo(head);
            });
        });
    }
}
