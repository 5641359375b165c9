package dev.tally.platform.axon.notify;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.platform.axon.AxonPostgresAutoConfiguration;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import dev.tally.platform.test.TestDatabase;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor's stream is woken by the commit of an event, not by a poll: with the store's own poll and the safety
 * tick both an hour apart, the callback still comes, and when it comes the event is there to be read.
 */
class EventsAvailableTest {
    private static final Duration NEVER = Duration.ofHours(1);

    private TestDatabase database;
    private HikariDataSource dataSource;
    private EventsAvailable eventsAvailable;
    private NotifyingJdbcEventStorageEngine engine;
    private EmbeddedEventStore store;

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        dataSource = database.pool(4);
        new SchemaMigrations(dataSource, List.of(new ModuleSchema(AxonPostgresAutoConfiguration.SCHEMA, 0)))
                .afterPropertiesSet();
        AxonPostgresAutoConfiguration axon = new AxonPostgresAutoConfiguration();
        Serializer serializer = axon.serializer();
        eventsAvailable = new EventsAvailable(NEVER);
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(axon.eventSchema())
                .dataType(byte[].class);
        engine = new NotifyingJdbcEventStorageEngine(builder, eventsAvailable);
        store = new NotifyingEmbeddedEventStore(
                EmbeddedEventStore.builder()
                                  .storageEngine(engine)
                                  .fetchDelay(NEVER.toMillis()),
                eventsAvailable);
    }

    @AfterEach
    void stop() {
        store.shutDown();
        eventsAvailable.close();
        dataSource.close();
        database.close();
    }

    @Test
    void aCommittedEventWakesTheStreamAndIsReadableWhenItDoes() throws InterruptedException {
        TrackingEventStream stream = store.openStream(null);
        assertThat(stream.hasNextAvailable()).isFalse();
        AtomicInteger wakeUps = new AtomicInteger();
        assertThat(stream.setOnAvailableCallback(wakeUps::incrementAndGet)).isTrue();

        store.publish(GenericEventMessage.asEventMessage("first"));
        await().atMost(Duration.ofSeconds(20)).until(() -> wakeUps.get() >= 1);
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
        assertThat(stream.hasNextAvailable()).isFalse();

        int before = wakeUps.get();
        store.publish(GenericEventMessage.asEventMessage("second"));
        await().atMost(Duration.ofSeconds(20)).until(() -> wakeUps.get() > before);
        assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("second");
    }

    @Test
    void aPrivateReadOfOldEventsWakesNoOne() throws InterruptedException {
        TrackingEventStream stream = store.openStream(null);
        store.publish(GenericEventMessage.asEventMessage("first"), GenericEventMessage.asEventMessage("second"));
        await().atMost(Duration.ofSeconds(20)).until(() -> stream.hasNextAvailable(0, TimeUnit.MILLISECONDS));
        AtomicInteger wakeUps = new AtomicInteger();
        stream.setOnAvailableCallback(wakeUps::incrementAndGet);

        // What a processor catching up on its own, or a rebuild, reads: not the producer's blocking read.
        try (var old = engine.readEvents(null, false)) {
            assertThat(old.map(event -> (Object) event.getPayload())).containsExactly("first", "second");
        }
        assertThat(wakeUps).hasValue(0);
    }

    @Test
    void aClosedStreamIsNoLongerWoken() {
        TrackingEventStream stream = store.openStream(null);
        AtomicInteger wakeUps = new AtomicInteger();
        stream.setOnAvailableCallback(wakeUps::incrementAndGet);
        eventsAvailable.signal();
        assertThat(wakeUps).hasValue(1);

        stream.close();
        eventsAvailable.signal();
        assertThat(wakeUps).hasValue(1);
    }
}
