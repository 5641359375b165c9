package dev.tally.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tally.platform.axon.AxonPostgresAutoConfiguration;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Axon's append of new aggregates, as Tally configures it (its event schema and serializer, JDBC storage engine on
 * PostgreSQL), in a database of its own: each append is one aggregate's first event of about 1 KiB, in its own
 * transaction, like pgbench's single-row insert it is compared with.
 */
final class AxonAppend {
    private AxonAppend() {
    }

    static double appendsPerSecond(Raw.Database db, int clients, Duration duration) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setMaximumPoolSize(clients);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            new SchemaMigrations(dataSource, List.of(new ModuleSchema(AxonPostgresAutoConfiguration.SCHEMA, 0)))
                    .afterPropertiesSet();
            AxonPostgresAutoConfiguration axon = new AxonPostgresAutoConfiguration();
            Serializer serializer = axon.serializer();
            JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                                                                  .snapshotSerializer(serializer)
                                                                  .eventSerializer(serializer)
                                                                  .connectionProvider(new DataSourceConnectionProvider(dataSource))
                                                                  .transactionManager(NoTransactionManager.INSTANCE)
                                                                  .schema(axon.eventSchema())
                                                                  .dataType(byte[].class)
                                                                  .build();
            String payload = "x".repeat(1024);
            ExecutorService threads = Executors.newFixedThreadPool(clients);
            long end = System.nanoTime() + duration.toNanos();
            long start = System.nanoTime();
            List<Future<Long>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(threads.submit(() -> {
                    long appended = 0;
                    while (System.nanoTime() < end) {
                        engine.appendEvents(new GenericDomainEventMessage<>("BenchAggregate",
                                                                            UUID.randomUUID().toString(), 0, payload));
                        appended++;
                    }
                    return appended;
                }));
            }
            long appended = 0;
            for (Future<Long> future : futures) {
                appended += future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            threads.shutdown();
            return appended / seconds;
        }
    }
}
