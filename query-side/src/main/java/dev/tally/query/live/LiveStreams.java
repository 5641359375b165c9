package dev.tally.query.live;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import jakarta.annotation.PreDestroy;
import org.springframework.context.SmartLifecycle;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Server-sent events from Axon subscription queries: the current state first, then every changed state, a comment
 * line as heartbeat while nothing changes, and an {@code end} event before a clean close once the state is final
 * (the client then stops reconnecting). Each stream holds one subscription; closing either side cancels it.
 */
@Component
public class LiveStreams implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

    private final QueryGateway queries;
    private final LiveProperties properties;
    private final AtomicInteger open = new AtomicInteger();
    /** The open streams: ended when the node shuts down, so that its graceful shutdown need not wait for them. */
    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tally-sse-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public LiveStreams(QueryGateway queries, LiveProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    /**
     * Streams the answers to {@code query} as events named {@code eventName}.
     *
     * @param initialType the query handler's answer (may be optional)
     * @param initial     turns the handler's answer into the first state, if any
     * @param isFinal     a state after which the stream ends
     */
    public <Q, I, R> SseEmitter stream(Q query, ResponseType<I> initialType, Function<I, Optional<R>> initial,
                                       Class<R> updateType, String eventName, Predicate<R> isFinal) {
        if (open.incrementAndGet() > properties.getStreamsMax()) {
            open.decrementAndGet();
            throw new DomainException(ErrorCode.SERVICE_UNAVAILABLE, "too many live streams open; retry later");
        }
        SseEmitter emitter = new SseEmitter(properties.getMaxDuration().toMillis());
        SubscriptionQueryResult<I, R> result = queries.subscriptionQuery(query, initialType,
                                                                         ResponseTypes.instanceOf(updateType));
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<R> last = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> heartbeat = new AtomicReference<>();
        emitters.add(emitter);
        Runnable release = () -> {
            if (closed.compareAndSet(false, true)) {
                emitters.remove(emitter);
                open.decrementAndGet();
                result.cancel();
                ScheduledFuture<?> beat = heartbeat.get();
                if (beat != null) {
                    beat.cancel(false);
                }
            }
        };
        emitter.onCompletion(release);
        emitter.onTimeout(() -> {
            release.run();
            emitter.complete();
        });
        emitter.onError(e -> release.run());

        java.util.function.Consumer<R> send = state -> {
            if (closed.get() || Objects.equals(last.getAndSet(state), state)) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().name(eventName).data(state, MediaType.APPLICATION_JSON));
                if (isFinal.test(state)) {
                    emitter.send(SseEmitter.event().name("end").data("{}", MediaType.APPLICATION_JSON));
                    release.run();
                    emitter.complete();
                }
            } catch (IOException | IllegalStateException e) {
                release.run(); // the client went away
            }
        };
        long beatMillis = properties.getHeartbeatInterval().toMillis();
        heartbeat.set(heartbeats.scheduleAtFixedRate(() -> {
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException e) {
                release.run();
            }
        }, beatMillis, beatMillis, TimeUnit.MILLISECONDS));

        result.initialResult()
              .doOnNext(answer -> initial.apply(answer).ifPresent(send))
              .thenMany(result.updates())
              .subscribe(send, error -> {
                  log.debug("live stream of {} failed", query, error);
                  release.run();
                  emitter.completeWithError(error);
              });
        return emitter;
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open stream before the web server's graceful shutdown waits for in-flight requests (a stream would
     * hold it for its whole timeout); clients reconnect, to another node behind the load balancer.
     */
    @Override
    public void stop() {
        running = false;
        for (SseEmitter emitter : List.copyOf(emitters)) {
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                log.debug("closing a live stream at shutdown failed", e);
            }
        }
        emitters.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server's graceful shutdown (which stops at a lower phase). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }

    @PreDestroy
    void shutDownHeartbeats() {
        heartbeats.shutdownNow();
    }
}
