package dev.tally.platform.remote;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.QueryResponseMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryBackpressure;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;

/**
 * The query bus that senders use when services run apart: a point-to-point query no handler of this process takes
 * goes to the peer that has one ({@link RemotePeers}). Subscription queries and scatter-gather stay in the process:
 * live updates are each service's own, relayed between nodes by the database.
 */
public class RoutedQueryBus implements QueryBus {
    private final QueryBus local;
    private final RemotePeers peers;

    public RoutedQueryBus(QueryBus local, RemotePeers peers) {
        this.local = local;
        this.peers = peers;
    }

    @Override
    public <Q, R> CompletableFuture<QueryResponseMessage<R>> query(QueryMessage<Q, R> query) {
        return local.query(query).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return cause instanceof NoHandlerForQueryException ? peers.query(query)
                    : CompletableFuture.failedFuture(cause);
        });
    }

    @Override
    public <R> Registration subscribe(String queryName, Type responseType,
                                      MessageHandler<? super QueryMessage<?, R>> handler) {
        return local.subscribe(queryName, responseType, handler);
    }

    @Override
    public <Q, R> Stream<QueryResponseMessage<R>> scatterGather(QueryMessage<Q, R> query, long timeout,
                                                                TimeUnit unit) {
        return local.scatterGather(query, timeout, unit);
    }

    @Override
    public <Q, I, U> SubscriptionQueryResult<QueryResponseMessage<I>, SubscriptionQueryUpdateMessage<U>>
    subscriptionQuery(SubscriptionQueryMessage<Q, I, U> query, SubscriptionQueryBackpressure backpressure,
                      int updateBufferSize) {
        return local.subscriptionQuery(query, backpressure, updateBufferSize);
    }

    @Override
    public <Q, I, U> SubscriptionQueryResult<QueryResponseMessage<I>, SubscriptionQueryUpdateMessage<U>>
    subscriptionQuery(SubscriptionQueryMessage<Q, I, U> query, int updateBufferSize) {
        return local.subscriptionQuery(query, updateBufferSize);
    }

    @Override
    public QueryUpdateEmitter queryUpdateEmitter() {
        return local.queryUpdateEmitter();
    }

    @Override
    public Registration registerHandlerInterceptor(
            MessageHandlerInterceptor<? super QueryMessage<?, ?>> handlerInterceptor) {
        return local.registerHandlerInterceptor(handlerInterceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super QueryMessage<?, ?>> dispatchInterceptor) {
        return local.registerDispatchInterceptor(dispatchInterceptor);
    }
}
