package dev.tally.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import dev.tally.platform.test.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two processes poll one table of scheduled tasks, as services deployed apart do; only one of them handles the
 * deadlines. Every deadline the other picks is put back, not run and not lost, and the one that handles them runs
 * each exactly once.
 */
class DeadlinesWhereHandledTest {
    private static final String TABLE = "eventstore.scheduled_tasks";
    private static final int DEADLINES = 10;

    @Test
    void aProcessWithoutTheHandlerPassesEveryDeadlineOnAndTheOneWithItRunsEachOnce() {
        try (TestDatabase database = TestDatabase.create(); HikariDataSource pool = database.pool(6)) {
            Flyway.configure().dataSource(pool).schemas("eventstore")
                  .locations("classpath:db/migration/eventstore").load().migrate();
            Set<String> passedOn = ConcurrentHashMap.newKeySet();
            List<String> runWithoutHandler = new CopyOnWriteArrayList<>();
            List<String> run = new CopyOnWriteArrayList<>();
            Task<String> elsewhere = new DeadlinesWhereHandled<>(
                    Tasks.oneTime("deadline", String.class).execute((instance, context) ->
                                                                            runWithoutHandler.add(instance.getData())),
                    data -> {
                        passedOn.add(data);
                        return false;
                    }, Duration.ofMillis(100), Clock.systemUTC());
            Task<String> here = new DeadlinesWhereHandled<>(
                    Tasks.oneTime("deadline", String.class).execute((instance, context) -> run.add(instance.getData())),
                    data -> true, Duration.ofMillis(100), Clock.systemUTC());
            Scheduler withoutHandler = scheduler(pool, elsewhere);
            Scheduler withHandler = scheduler(pool, here);
            try {
                withoutHandler.start();
                IntStream.range(0, DEADLINES).forEach(i -> withoutHandler.schedule(
                        elsewhere.instance("deadline-" + i, "deadline-" + i), Instant.now()));
                await("every deadline picked by the process without its handler")
                        .atMost(Duration.ofSeconds(30)).until(() -> passedOn.size() == DEADLINES);
                assertThat(runWithoutHandler).isEmpty();
                assertThat(pending(pool)).as("put back, not dropped").isEqualTo(DEADLINES);

                withHandler.start();
                await("every deadline run by the process with its handler")
                        .atMost(Duration.ofSeconds(30)).until(() -> pending(pool) == 0);
                assertThat(run).containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, DEADLINES).mapToObj(i -> "deadline-" + i).toList());
                assertThat(runWithoutHandler).isEmpty();
            } finally {
                withoutHandler.stop();
                withHandler.stop();
            }
        }
    }

    private static Scheduler scheduler(HikariDataSource pool, Task<String> task) {
        return Scheduler.create(pool, task).tableName(TABLE).pollingInterval(Duration.ofMillis(100)).threads(2)
                        .build();
    }

    private static long pending(HikariDataSource pool) {
        return JdbcClient.create(pool).sql("SELECT count(*) FROM " + TABLE).query(Long.class).single();
    }
}
