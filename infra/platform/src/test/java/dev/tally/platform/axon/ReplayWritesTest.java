package dev.tally.platform.axon;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.platform.test.TestDatabase;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes run at once live; in a rebuild's unit of work they wait, in order, for a read or for the commit. */
class ReplayWritesTest {
    private static final String INSERT = "INSERT INTO rows (id, status) VALUES (:id, :status)";
    private static final String MOVE = "UPDATE rows SET status = :status WHERE id = :id";

    private TestDatabase database;
    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private ReplayWrites writes;

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        dataSource = database.pool(2);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE rows (id text PRIMARY KEY, status text NOT NULL)");
        writes = new ReplayWrites(dataSource);
    }

    @AfterEach
    void stop() {
        dataSource.close();
        database.close();
    }

    @Test
    void liveAWriteIsMadeAtOnce() {
        UnitOfWork<?> live = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("live"));
        writes.update(INSERT, Map.of("id", "a", "status", "PENDING"));
        assertThat(statuses()).containsExactly("a=PENDING");
        live.commit();
    }

    @Test
    void inARebuildWritesWaitAndKeepTheirOrderUntilAReadOrTheCommit() {
        UnitOfWork<?> replay = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("replay"));
        replay.resources().put(Replaying.RESOURCE, Boolean.TRUE);
        writes.update(INSERT, Map.of("id", "a", "status", "PENDING"));
        writes.update(INSERT, Map.of("id", "b", "status", "PENDING"));
        writes.update(MOVE, Map.of("id", "a", "status", "PAID"));
        assertThat(statuses()).isEmpty();

        writes.flush(); // a handler about to read
        assertThat(statuses()).containsExactly("a=PAID", "b=PENDING");

        writes.update(MOVE, Map.of("id", "b", "status", "PAID"));
        writes.update(INSERT, Map.of("id", "c", "status", "PENDING"));
        writes.update(MOVE, Map.of("id", "c", "status", "SETTLED"));
        replay.commit();
        assertThat(statuses()).containsExactly("a=PAID", "b=PAID", "c=SETTLED");
    }

    private List<String> statuses() {
        return jdbc.queryForList("SELECT id || '=' || status FROM rows ORDER BY id", String.class);
    }
}
