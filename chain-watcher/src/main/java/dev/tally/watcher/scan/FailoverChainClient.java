package dev.tally.watcher.scan;

import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One chain over several node endpoints (Resilience4j underneath):
 * <ul>
 *   <li>every call goes to the <em>current</em> endpoint: the first in the configured order whose circuit breaker
 *       is closed; an endpoint whose last {@code failoverAfter} calls all failed (errors or timeouts) is skipped
 *       (the next one becomes current) and after {@code failbackAfter} gets one trial call: if it answers, it is
 *       current again (back to the preferred node); if not, it is skipped for another {@code failbackAfter};</li>
 *   <li>each call is bounded by {@code callTimeout} (the adapters bound their own calls too; this is the backstop
 *       for one that hangs);</li>
 *   <li>a failed call is retried up to {@code maxAttempts} in all, waiting {@code initialBackoff}, then twice as
 *       long each time up to {@code maxBackoff}; each retry goes to whichever endpoint is current then.</li>
 * </ul>
 * When every endpoint is skipped, calls go to the preferred one anyway: a chain is never given up on.
 */
public final class FailoverChainClient implements ChainClient, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FailoverChainClient.class);
    /**
     * Calls in flight at once per chain: the scanner's own and its blocks fetched ahead (four at most), and those
     * that timed out and still hang. A call beyond them is refused, and counts as a failure of the endpoint.
     */
    private static final int MAX_CALL_THREADS = 20;

    /** The limits of one chain's calls; see the class comment. */
    public record Settings(Duration callTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                           int failoverAfter, Duration failbackAfter) {
        public Settings {
            Objects.requireNonNull(callTimeout, "callTimeout");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(failbackAfter, "failbackAfter");
            if (maxAttempts < 1 || failoverAfter < 1) {
                throw new IllegalArgumentException("maxAttempts and failoverAfter must be at least 1");
            }
        }
    }

    /** One node: its client and a label for logs (never the API key or a URL path, which may hold a key). */
    public record Node(String label, ChainClient client) {
        public Node {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(client, "client");
        }
    }

    /** A call that failed on every attempt; the message names the chain, the call and the endpoint. */
    public static class ChainCallException extends RuntimeException {
        private final boolean interrupted;

        ChainCallException(String message, Throwable cause, boolean interrupted) {
            super(message, cause);
            this.interrupted = interrupted;
        }

        boolean interrupted() {
            return interrupted;
        }
    }

    private record Endpoint(Node node, CircuitBreaker breaker) {
    }

    private final String chain;
    private final List<Endpoint> endpoints;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final ExecutorService calls;

    public FailoverChainClient(String chain, List<Node> nodes, Settings settings, Clock clock) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(chain + ": no node endpoint");
        }
        this.chain = chain;
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindow(settings.failoverAfter(), settings.failoverAfter(),
                               CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitDurationInOpenState(settings.failbackAfter())
                .permittedNumberOfCallsInHalfOpenState(1)
                // a trial call that never reports back must not hold the endpoint half-open for ever
                .maxWaitDurationInHalfOpenState(settings.failbackAfter())
                .recordException(e -> true)
                .clock(clock)
                .build();
        this.endpoints = nodes.stream().map(node -> {
            CircuitBreaker breaker = CircuitBreaker.of(chain + "@" + node.label(), breakerConfig);
            breaker.getEventPublisher().onStateTransition(event -> log.warn("{}: endpoint {} {}", chain,
                    node.label(), describe(event.getStateTransition().getToState())));
            return new Endpoint(node, breaker);
        }).toList();
        this.retry = Retry.of(chain, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), 2.0,
                                                                        settings.maxBackoff()))
                .retryOnException(e -> !(e instanceof ChainCallException c && c.interrupted()))
                .build());
        this.timeLimiter = TimeLimiter.of(chain, TimeLimiterConfig.custom()
                .timeoutDuration(settings.callTimeout())
                .cancelRunningFuture(true)
                .build());
        AtomicInteger threads = new AtomicInteger();
        this.calls = new ThreadPoolExecutor(0, MAX_CALL_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread thread = new Thread(r, "chain-" + chain + "-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A label for an endpoint URL that is safe to log: scheme, host and port only. */
    public static String label(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
            }
        } catch (IllegalArgumentException e) {
            // not a URI: a gRPC host:port, logged as it is
        }
        int slash = url.indexOf('/');
        return slash < 0 ? url : url.substring(0, slash);
    }

    @Override
    public long headNumber() {
        return call("head", ChainClient::headNumber);
    }

    @Override
    public Optional<ChainBlock> block(long number) {
        return call("block " + number, client -> client.block(number));
    }

    @Override
    public OptionalLong finalizedNumber() {
        return call("finalized height", ChainClient::finalizedNumber);
    }

    /** The label of the endpoint calls go to now (not counting a trial call due to a skipped one). */
    public String currentEndpoint() {
        return endpoints.stream().filter(e -> e.breaker().getState() == CircuitBreaker.State.CLOSED)
                        .findFirst().orElse(endpoints.get(0)).node().label();
    }

    private <T> T call(String what, Function<ChainClient, T> call) {
        return retry.executeSupplier(() -> attempt(what, call));
    }

    private <T> T attempt(String what, Function<ChainClient, T> call) {
        Endpoint endpoint = current();
        long started = System.nanoTime();
        try {
            T result = timeLimiter.executeFutureSupplier(() -> calls.submit(() -> call.apply(endpoint.node().client())));
            endpoint.breaker().onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainCallException(chain + ": " + what + " interrupted", e, true);
        } catch (Exception e) {
            endpoint.breaker().onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            String problem = e instanceof TimeoutException ? "timed out" : "failed: " + e;
            log.debug("{}: {} at {} {}", chain, what, endpoint.node().label(), problem);
            throw new ChainCallException(chain + ": " + what + " at " + endpoint.node().label() + " " + problem, e,
                                         false);
        }
    }

    /** The first endpoint whose breaker lets a call through (a half-open one gets its trial); else the preferred. */
    private Endpoint current() {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.breaker().tryAcquirePermission()) {
                return endpoint;
            }
        }
        return endpoints.get(0);
    }

    private static String describe(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN -> "keeps failing: skipped for now";
            case HALF_OPEN -> "gets a trial call";
            case CLOSED -> "answers again: in use";
            default -> "is " + state;
        };
    }

    @Override
    public void close() {
        calls.shutdownNow();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.node().client() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("{}: closing the client of {} failed", chain, endpoint.node().label(), e);
                }
            }
        }
    }
}
