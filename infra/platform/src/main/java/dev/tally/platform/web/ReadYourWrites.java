package dev.tally.platform.web;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Read-your-writes over eventually consistent projections: subscribe to the view before the command is sent, send
 * it, then wait (bounded) until the projection shows the change. A client that reads right after a write then sees
 * it. If the wait times out (a projection far behind), the write still succeeded and its answer is returned. A
 * process without the views (the command side deployed apart from the query side) answers without waiting: the
 * views are another service's, and the client reads them there.
 */
public class ReadYourWrites {
    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);

    private final QueryGateway queryGateway;
    private final Duration timeout;
    private final boolean viewsHere;

    public ReadYourWrites(QueryGateway queryGateway, Duration timeout, boolean viewsHere) {
        this.queryGateway = queryGateway;
        this.timeout = timeout;
        this.viewsHere = viewsHere;
    }

    /** Whether writes wait on views here: false in a process without them. */
    public boolean waits() {
        return viewsHere;
    }

    /** What a write returned, and the view that showed it. */
    public record Written<T, V>(T result, Optional<V> view) {
    }

    /**
     * Runs {@code write} and waits until {@code query} (answered with {@code Optional<V>} and updated with {@code V})
     * yields a view accepted by {@code visible}.
     *
     * @return what {@code write} returned, and the view that showed it (empty if none did in time)
     */
    public <Q, V, T> Written<T, V> write(Q query, Class<V> viewType, Predicate<V> visible, Supplier<T> write) {
        if (!viewsHere) {
            return new Written<>(write.get(), Optional.empty());
        }
        SubscriptionQueryResult<Optional<V>, V> subscription;
        try {
            subscription = queryGateway.subscriptionQuery(query, ResponseTypes.optionalInstanceOf(viewType),
                                                          ResponseTypes.instanceOf(viewType));
        } catch (RuntimeException e) {
            log.debug("No subscription for {}; returning without waiting for the projection", query, e);
            return new Written<>(write.get(), Optional.empty());
        }
        try {
            T result = write.get();
            Flux<V> views = subscription.initialResult().flatMap(Mono::justOrEmpty).concatWith(subscription.updates());
            V view = null;
            try {
                view = views.filter(visible).blockFirst(timeout);
            } catch (RuntimeException e) {
                log.warn("Projection did not show {} within {}", query, timeout);
            }
            return new Written<>(result, Optional.ofNullable(view));
        } finally {
            subscription.cancel();
        }
    }
}
