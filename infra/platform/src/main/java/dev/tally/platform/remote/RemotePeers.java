package dev.tally.platform.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import org.axonframework.messaging.responsetypes.OptionalResponseType;
import org.axonframework.queryhandling.GenericQueryResponseMessage;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.QueryResponseMessage;
import org.axonframework.serialization.Serializer;

/**
 * Sends a query that no handler of this process takes to the peer service that handles it, over HTTP. The peers are
 * tried in order; one that has no handler for the query says so and the next is tried, and the one that answered a
 * query's name is tried first for it afterwards. A peer that cannot be reached is skipped as well; any other failure
 * (a timeout, a broken answer, another status) fails the query as a {@link RemoteFailure}, which callers answer with
 * a 503 to retry. A refusal of the peer's handler is the same refusal here (its error code kept).
 */
public class RemotePeers {
    private final List<URI> peers;
    private final String secret;
    private final Duration timeout;
    private final Serializer serializer;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, URI> handledBy = new ConcurrentHashMap<>();

    public RemotePeers(RemoteProperties properties, Serializer serializer) {
        this.peers = properties.getPeers();
        if (!peers.isEmpty() && !properties.hasSecret()) {
            throw new IllegalStateException("tally.remote.peers is set: set tally.remote.secret too, the secret the "
                                            + "services share");
        }
        this.secret = properties.getSecret();
        this.timeout = properties.getTimeout();
        this.serializer = serializer;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Whether any peer is configured: without one, every query is answered here or fails. */
    public boolean any() {
        return !peers.isEmpty();
    }

    /** The query's answer as its peer's handler gave it, converted to the response type the sender asked for. */
    <Q, R> CompletableFuture<QueryResponseMessage<R>> query(QueryMessage<Q, R> query) {
        Wire.Query body = new Wire.Query(query.getIdentifier(), query.getQueryName(),
                                         Wire.Serialized.of(serializer, query.getPayload()),
                                         Wire.Serialized.of(serializer, query.getMetaData()),
                                         Wire.Serialized.of(serializer, query.getResponseType()));
        return post(Wire.QUERIES, query.getQueryName(), body)
                .thenApply(found -> {
                    if (found.isEmpty()) {
                        throw new NoHandlerForQueryException("no handler for " + query.getQueryName()
                                                             + " here or at " + peers);
                    }
                    Wire.Reply reply = found.get();
                    if (reply.failed() && reply.refusal() != null) {
                        throw new DomainException(ErrorCode.valueOf(reply.refusal()), reply.failure());
                    }
                    if (reply.failed()) {
                        Object details = reply.details() == null ? null : reply.details().read(serializer);
                        throw new QueryExecutionException(reply.failure(), null, details);
                    }
                    Object value = reply.result() == null ? null : reply.result().read(serializer);
                    R answer = value == null && query.getResponseType() instanceof OptionalResponseType<?>
                            ? query.getResponseType().convert(Optional.empty())
                            : query.getResponseType().convert(value);
                    return new GenericQueryResponseMessage<>(query.getResponseType().responseMessagePayloadType(),
                                                             answer);
                });
    }

    /**
     * The reply of the first peer that has a handler for {@code name}; empty when every peer answered that it has
     * none. A {@link RemoteFailure} when a peer failed, or none could be reached.
     */
    private CompletableFuture<Optional<Wire.Reply>> post(String path, String name, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        }
        List<URI> order = new ArrayList<>(peers);
        URI known = handledBy.get(name);
        if (known != null) {
            order.remove(known);
            order.add(0, known);
        }
        return post(order, 0, false, path, name, bytes);
    }

    private CompletableFuture<Optional<Wire.Reply>> post(List<URI> order, int index, boolean missedOne, String path,
                                                         String name, byte[] bytes) {
        if (index == order.size()) {
            return missedOne ? CompletableFuture.failedFuture(new RemoteFailure(
                    "no peer that answers " + name + " could be reached: " + peers, null))
                    : CompletableFuture.completedFuture(Optional.empty());
        }
        URI peer = order.get(index);
        HttpRequest request = HttpRequest.newBuilder(peer.resolve(path))
                                         .timeout(timeout)
                                         .header("Content-Type", "application/json")
                                         .header(Wire.SECRET_HEADER, secret)
                                         .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                         .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                   .handle((response, failure) -> {
                       if (failure != null) {
                           Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                           if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
                               return post(order, index + 1, true, path, name, bytes);
                           }
                           return CompletableFuture.<Optional<Wire.Reply>>failedFuture(
                                   new RemoteFailure(peer + " did not answer " + name + ": " + cause, cause));
                       }
                       if (response.statusCode() == 404 && response.headers().firstValue(Wire.NO_HANDLER_HEADER)
                                                                          .isPresent()) {
                           return post(order, index + 1, missedOne, path, name, bytes);
                       }
                       if (response.statusCode() != 200) {
                           return CompletableFuture.<Optional<Wire.Reply>>failedFuture(new RemoteFailure(
                                   peer + " answered " + name + " with status " + response.statusCode(), null));
                       }
                       try {
                           Wire.Reply reply = json.readValue(response.body(), Wire.Reply.class);
                           handledBy.put(name, peer);
                           return CompletableFuture.completedFuture(Optional.of(reply));
                       } catch (IOException e) {
                           return CompletableFuture.<Optional<Wire.Reply>>failedFuture(
                                   new RemoteFailure(peer + " answered " + name + " unreadably", e));
                       }
                   })
                   .thenCompose(next -> next);
    }

    /** A peer that failed to answer. */
    public static class RemoteFailure extends RuntimeException {
        RemoteFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
