package dev.tally.platform.axon;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A projection's statements whose results its handlers never read (inserts and updates): run at once, except in a
 * rebuild's unit of work ({@link Replaying}), where they wait and go to PostgreSQL as JDBC batches (one round trip
 * for each run of the same statement) when the unit of work commits, or sooner when a handler is about to read
 * ({@link #flush()}). Order is kept: a statement never overtakes one queued before it.
 * <p>
 * Only a rebuild waits. Live, a failed statement must fail in its own handler, whose savepoint lets its event be
 * parked while the batch's others are stored; a rebuild fails whole at its first failure anyway.
 */
public final class ReplayWrites {
    private final NamedParameterJdbcTemplate jdbc;
    /** This projection's queue in a unit of work (each projection flushes only its own). */
    private final String resource = ReplayWrites.class.getName() + "@" + System.identityHashCode(this);

    public ReplayWrites(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    /** Runs {@code sql} with {@code parameters} now, or queues it in a rebuild. */
    public void update(String sql, Map<String, ?> parameters) {
        SqlParameterSource source = new MapSqlParameterSource(parameters);
        List<Statement> queue = queue();
        if (queue == null) {
            jdbc.update(sql, source);
        } else {
            queue.add(new Statement(sql, source));
        }
    }

    /** Runs what waits, in order: before a handler reads rows a queued statement may change. */
    public void flush() {
        List<Statement> queue = queue();
        if (queue != null) {
            run(queue);
        }
    }

    private void run(List<Statement> queue) {
        int from = 0;
        while (from < queue.size()) {
            String sql = queue.get(from).sql();
            int to = from;
            while (to < queue.size() && queue.get(to).sql().equals(sql)) {
                to++;
            }
            jdbc.batchUpdate(sql, queue.subList(from, to).stream().map(Statement::parameters)
                                       .toArray(SqlParameterSource[]::new));
            from = to;
        }
        queue.clear();
    }

    /** The rebuild's queue of this projection; null outside a rebuild. */
    private List<Statement> queue() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        if (!unitOfWork.resources().containsKey(Replaying.RESOURCE)) {
            return null;
        }
        return unitOfWork.getOrComputeResource(resource, key -> {
            List<Statement> queue = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> run(queue));
            return queue;
        });
    }

    private record Statement(String sql, SqlParameterSource parameters) {
    }
}
