package dev.tally.platform.axon;

import org.axonframework.messaging.Message;
import org.axonframework.queryhandling.QueryUpdateEmitter;

import java.util.function.Predicate;

/**
 * Whether anyone on this node follows a query (a live page, a stream, a request waiting for its view): a projection
 * reads the view it would send as an update only then, instead of at every event it handles.
 */
public final class Subscribers {
    private Subscribers() {
    }

    /** Whether a subscription query of {@code type} accepted by {@code filter} is open on this node. */
    public static <Q> boolean any(QueryUpdateEmitter emitter, Class<Q> type, Predicate<? super Q> filter) {
        return emitter.activeSubscriptions().stream().map(Message::getPayload).filter(type::isInstance)
                      .map(type::cast).anyMatch(filter);
    }
}
