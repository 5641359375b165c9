package dev.tally.audit.rebuild;

import dev.tally.audit.AuditProperties;
import dev.tally.platform.axon.Replaying;
import dev.tally.platform.axon.deadletter.SavepointPerHandler;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Rebuilds one projection in one PostgreSQL transaction (docs/audit.md, "Rebuilds"): its processor stops; in the
 * transaction its segments are claimed, its reset handlers clear its tables, every event up to the head taken at
 * the start is passed to its handlers in batches (one Axon unit of work each, so batch hooks such as the ledger's
 * invariant checks run as they do live), and the token of the last event read is stored for every segment; then
 * the transaction commits and the processor starts again from that token, catching up with what arrived meanwhile.
 * Until the commit every reader sees the old rows; after it, the new ones, all at once. A failure rolls everything
 * back: the old rows and tokens stay as they were.
 */
@Component
public class ProjectionRebuilder {
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);

    private final RebuildableProjections projections;
    private final EventStore eventStore;
    private final TokenStore tokenStore;
    private final TransactionTemplate transactions;
    private final ObjectProvider<EntityManagerFactory> entityManagers;
    private final JdbcTemplate jdbc;
    private final int batchSize;
    private volatile boolean closing;

    public ProjectionRebuilder(RebuildableProjections projections, EventStore eventStore, TokenStore tokenStore,
                               PlatformTransactionManager transactionManager,
                               ObjectProvider<EntityManagerFactory> entityManagers, JdbcTemplate jdbc,
                               AuditProperties properties) {
        this.projections = projections;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.transactions = new TransactionTemplate(transactionManager);
        this.entityManagers = entityManagers;
        this.jdbc = jdbc;
        this.batchSize = Math.max(1, properties.getRebuildBatchSize());
    }

    /** The process is stopping: a rebuild in progress ends without restarting its processor. */
    void closing() {
        closing = true;
    }

    void rebuild(String name, ProjectionProgress progress) {
        AbstractEventProcessor processor = projections.processor(name)
                .orElseThrow(() -> new IllegalArgumentException("no rebuildable projection named '" + name + "'"));
        StreamingEventProcessor streaming = (StreamingEventProcessor) processor;
        boolean wasRunning = streaming.isRunning();
        // Stopping releases the processor's claims; every other processor and the command side go on.
        streaming.shutDown();
        try {
            transactions.executeWithoutResult(tx -> replay(name, processor, progress));
        } finally {
            if (wasRunning && !closing) {
                streaming.start();
            }
        }
    }

    private void replay(String name, AbstractEventProcessor processor, ProjectionProgress progress) {
        int[] segments = tokenStore.fetchSegments(name);
        if (segments.length == 0) {
            throw new IllegalStateException("projection '" + name + "' has no tokens yet; it starts with the "
                                            + "application and can be rebuilt after that");
        }
        // Claimed inside this transaction: the token rows stay locked until it ends, so no other node's processor
        // can take a segment while the rows are being rebuilt.
        for (int segment : segments) {
            tokenStore.fetchToken(name, segment);
        }
        TrackingToken head = eventStore.createHeadToken();
        long headIndex = head == null ? -1 : head.position().orElse(-1);
        progress.total(headIndex < 0 ? 0 : jdbc.queryForObject(
                "SELECT count(*) FROM eventstore.domain_event_entry WHERE global_index <= ?", Long.class, headIndex));

        // The replay handles every event again, the parked ones included: their letters go first (in this
        // transaction, so a failed rebuild keeps them), or the replay would park their sequences again behind them.
        int replaced = jdbc.update("DELETE FROM eventstore.dead_letter_entry WHERE processingGroup = ?", name);
        EventHandlerInvoker invoker = processor.eventHandlerInvoker();
        invoker.performReset();
        TrackingToken last = null;
        if (headIndex >= 0) {
            long done = 0;
            long lastIndex = -1;
            List<EventMessage<?>> batch = new ArrayList<>(batchSize);
            // Axon's stream, so upcasters apply exactly as they do for the live processor.
            try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
                while (lastIndex < headIndex) {
                    if (closing || Thread.currentThread().isInterrupted()) {
                        throw new IllegalStateException("rebuild interrupted: the process is stopping");
                    }
                    if (!stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        continue;
                    }
                    TrackedEventMessage<?> event = stream.nextAvailable();
                    last = event.trackingToken();
                    lastIndex = last.position().orElse(lastIndex);
                    if (invoker.canHandleType(event.getPayloadType())) {
                        batch.add(event);
                    }
                    done++;
                    if (batch.size() >= batchSize) {
                        handle(processor, invoker, batch);
                        batch.clear();
                    }
                    progress.done(done);
                }
                handle(processor, invoker, batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("rebuild interrupted", e);
            }
        }
        // An event the replay could not handle was parked, not applied: the rebuilt rows would miss it. Fail the
        // rebuild (everything rolls back: the old rows and the old letters stay) and say which.
        Integer parked = jdbc.queryForObject("SELECT count(*) FROM eventstore.dead_letter_entry WHERE processingGroup = ?",
                                             Integer.class, name);
        if (parked != null && parked > 0) {
            throw new IllegalStateException("rebuild of projection " + name + " failed: " + parked + " event(s) could "
                                            + "not be handled (see /api/v1/admin/dead-letters); the old rows stay");
        }
        if (replaced > 0) {
            log.info("rebuild of projection {} handled the {} event(s) it had parked", name, replaced);
        }
        // The last event's token keeps the gaps it saw: an event committed late below the head is still handled
        // by the processor when it resumes.
        for (int segment : segments) {
            if (last != null) {
                tokenStore.storeToken(last, name, segment);
            }
            tokenStore.releaseClaim(name, segment);
        }
        log.info("rebuilt projection {}: {} events up to global index {}", name, progress.eventsDone(), headIndex);
    }

    /** One batch in one unit of work, through the processor's interceptors, as the processor itself handles it. */
    private void handle(AbstractEventProcessor processor, EventHandlerInvoker invoker, List<EventMessage<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        ReplayUnitOfWork unitOfWork = new ReplayUnitOfWork(batch);
        ResultMessage<Object> result = unitOfWork.executeWithResult(
                () -> new DefaultInterceptorChain<EventMessage<?>>(unitOfWork, processor.getHandlerInterceptors(),
                                                                   event -> {
                                                                       invoker.handle(event, Segment.ROOT_SEGMENT);
                                                                       return null;
                                                                   }).proceed());
        if (result.isExceptional()) {
            // Without savepoints the first failed statement aborts the transaction, and what fails after it (the
            // dead-letter queue's attempt to park the event) would hide it: name the handler's own failure.
            Object first = unitOfWork.resources().get(SavepointPerHandler.FAILURE);
            if (first instanceof Throwable failure) {
                throw new IllegalStateException("an event could not be handled: " + failure, failure);
            }
            Throwable cause = result.exceptionResult();
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("a handler failed: " + cause, cause);
        }
        // JPA read models: write the batch and forget it, so memory stays bounded however long the stream.
        EntityManagerFactory factory = entityManagers.getIfAvailable();
        if (factory != null) {
            EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(factory);
            if (entityManager != null) {
                entityManager.flush();
                entityManager.clear();
            }
        }
    }

    /**
     * A batch's unit of work that holds back live updates: its "commit" is not the database's (that comes at the end
     * of the whole rebuild), so an update emitted after it would announce rows nobody can read yet, and subscribers
     * (dashboards, payment pages) would watch the history replay. The rebuilt rows equal what was already
     * announced; what arrives during the rebuild is announced by the processor when it catches up. Every other
     * after-commit step (Axon's handler time limit among them) runs as usual.
     */
    private static final class ReplayUnitOfWork extends BatchingUnitOfWork<EventMessage<?>> {
        private static final String UPDATE_EMITTER = SimpleQueryUpdateEmitter.class.getName();

        ReplayUnitOfWork(List<EventMessage<?>> messages) {
            super(messages);
            // One transaction for the whole rebuild, which fails at its first failure: no savepoint per handler.
            resources().put(SavepointPerHandler.NONE, Boolean.TRUE);
            // Nor is anything it writes announced to the other nodes.
            resources().put(Replaying.RESOURCE, Boolean.TRUE);
        }

        @Override
        protected void addHandler(UnitOfWork.Phase phase, Consumer<UnitOfWork<EventMessage<?>>> handler) {
            if (phase == UnitOfWork.Phase.AFTER_COMMIT && handler.getClass().getName().startsWith(UPDATE_EMITTER)) {
                return;
            }
            super.addHandler(phase, handler);
        }
    }
}
