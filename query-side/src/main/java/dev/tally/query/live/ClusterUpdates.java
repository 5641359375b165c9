package dev.tally.query.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tally.platform.axon.Replaying;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Live updates on every node. A projection emits a changed view to the subscription queries of its own node (Axon's
 * {@link QueryUpdateEmitter} is local), but the client of a live stream or of a read-your-writes wait may be
 * connected to another node, whose processors never see that event. So the projection also says which query's answer
 * changed ({@link #changed}): the queries a unit of work changed are sent once, as PostgreSQL {@code NOTIFY}s on
 * {@value #CHANNEL} in its transaction (one statement as it prepares to commit), so that every node hears them once
 * the change is committed and readable. Each node listens on one connection of its pool, held for that; on a
 * notification from another node about a query one of its subscriptions asked, it runs that query (on the shared view)
 * and emits the answer (the latest state, after each commit) to those subscriptions. A stream drops an update equal to
 * the last it sent.
 *
 * <p>Notifications are not kept: whenever the node starts listening (at start, and again after losing its connection,
 * a database restart), it asks every open subscription's query again. Nothing is sent while a projection replays
 * ({@link Replaying}).
 */
public class ClusterUpdates implements SmartLifecycle {
    static final String CHANNEL = "tally_live_updates";
    /** The unit of work's resource holding the queries it changed. */
    private static final String CHANGED = ClusterUpdates.class.getName() + ".changed";
    /** How often an idle listening connection is checked, so that a connection lost without a word is noticed. */
    private static final long CHECK_MILLIS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(ClusterUpdates.class);

    /** A query whose changed answers are sent across nodes: how it is asked, and the update its answer makes. */
    private record Topic(Class<?> query, ResponseType<?> answer, Function<Object, Optional<?>> update) {
    }

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final QueryUpdateEmitter updates;
    private final QueryGateway queries;
    private final ObjectMapper json;
    private final boolean enabled;
    private final String node = UUID.randomUUID().toString();
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile Thread listener;

    public ClusterUpdates(DataSource dataSource, QueryUpdateEmitter updates, QueryGateway queries, ObjectMapper json,
                          boolean enabled) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.updates = updates;
        this.queries = queries;
        this.json = json;
        this.enabled = enabled;
    }

    /**
     * Sends changed answers to {@code query} across nodes.
     *
     * @param answer how the query is asked (its handler's answer)
     * @param update the update that answer makes for its subscriptions, if any
     */
    public <Q, A> void topic(Class<Q> query, ResponseType<A> answer, Function<A, Optional<?>> update) {
        @SuppressWarnings("unchecked")
        Function<Object, Optional<?>> untyped = value -> update.apply((A) value);
        topics.put(query.getName(), new Topic(query, answer, untyped));
    }

    /**
     * Tells the other nodes that the answer to {@code query} (a registered query's record) changed. Called in the
     * projection's transaction: they hear it when it commits, and not at all if it rolls back.
     */
    public void changed(Object query) {
        if (!enabled || !topics.containsKey(query.getClass().getName())) {
            return;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            send(List.of(payload(query)));
            return;
        }
        UnitOfWork<?> current = CurrentUnitOfWork.get();
        // The batch's: one statement for all its handlers (a handler rolled back to its savepoint may leave a query
        // in it, which only makes the other nodes read an answer that did not change).
        UnitOfWork<?> unitOfWork = current.root();
        if (unitOfWork.resources().containsKey(Replaying.RESOURCE)
            || current.getMessage() instanceof TrackedEventMessage<?> event && ReplayToken.isReplay(event)) {
            return;
        }
        unitOfWork.getOrComputeResource(CHANGED, key -> {
            Set<String> changed = new LinkedHashSet<>();
            unitOfWork.onPrepareCommit(u -> send(List.copyOf(changed)));
            return changed;
        });
        @SuppressWarnings("unchecked")
        Set<String> changed = (Set<String>) unitOfWork.getResource(CHANGED);
        changed.add(payload(query));
    }

    private String payload(Object query) {
        try {
            return node + " " + query.getClass().getName() + " " + json.writeValueAsString(query);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the query " + query + " cannot be written as JSON", e);
        }
    }

    /** The notifications, in one statement, in the transaction of the moment (heard when it commits). */
    private void send(List<String> payloads) {
        if (!payloads.isEmpty()) {
            jdbc.sql("SELECT pg_notify(?, p) FROM unnest(?::text[]) p")
                .params(CHANNEL, payloads.toArray(String[]::new)).query((rs, n) -> 1).list();
        }
    }

    /** Emits the answer to a notification from another node to this node's subscriptions that asked that query. */
    void heard(String payload) {
        String[] parts = payload.split(" ", 3);
        if (parts.length < 3 || parts[0].equals(node)) {
            return; // malformed, or this node's own: it emitted locally already
        }
        Topic topic = topics.get(parts[1]);
        if (topic == null) {
            return;
        }
        Object query;
        try {
            query = json.readValue(parts[2], topic.query());
        } catch (JsonProcessingException e) {
            log.warn("A live update for {} could not be read: {}", parts[1], e.getMessage());
            return;
        }
        if (updates.activeSubscriptions().stream().map(SubscriptionQueryMessage::getPayload)
                   .anyMatch(query::equals)) {
            emit(topic, query);
        }
    }

    private void emit(Topic topic, Object query) {
        try {
            Object answer = queries.query(query, topic.answer()).join();
            topic.update().apply(answer)
                 .ifPresent(update -> updates.emit(topic.query(), asked -> asked.equals(query), update));
        } catch (RuntimeException e) {
            log.warn("The changed answer to {} could not be read: {}", query, e.getMessage());
        }
    }

    /** Asks every open subscription's query again: what changed while notifications could not be heard. */
    private void refreshAll() {
        Set<Object> asked = new LinkedHashSet<>();
        for (SubscriptionQueryMessage<?, ?, ?> subscription : updates.activeSubscriptions()) {
            asked.add(subscription.getPayload());
        }
        for (Object query : asked) {
            Topic topic = topics.get(query.getClass().getName());
            if (topic != null) {
                emit(topic, query);
            }
        }
    }

    private void listen() {
        while (running) {
            // One of the pool's connections, held while the node listens, and given back listening no more.
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                try {
                    listenOn(connection);
                } finally {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("UNLISTEN *");
                    } catch (SQLException e) {
                        log.debug("UNLISTEN on a connection going back to the pool failed", e);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Live updates from other nodes are not heard ({}); listening again in a second",
                             e.getMessage());
                    pause();
                }
            }
        }
    }

    /** Until stopped or the connection fails: every notification heard, the connection checked every 30 s. */
    private void listenOn(Connection connection) throws SQLException {
        refreshAll();
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long checked = System.currentTimeMillis();
        while (running) {
            PGNotification[] heard = notifications.getNotifications(500);
            if (heard != null) {
                for (PGNotification notification : heard) {
                    heard(notification.getParameter());
                }
            }
            if (System.currentTimeMillis() - checked > CHECK_MILLIS) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                checked = System.currentTimeMillis();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        running = true;
        Thread thread = new Thread(this::listen, "tally-live-updates");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Listening before the web server takes requests, and until it has drained them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
