package dev.tally.platform.remote;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.tally.kernel.error.DomainException;
import io.swagger.v3.oas.annotations.Hidden;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a peer service's queries arrive (its shared secret checked before, by {@link PeerSecretFilter}): each is
 * dispatched on this process's own query bus (never sent on to a third service) and its outcome answered, a failure
 * included. 404 with {@link Wire#NO_HANDLER_HEADER} when no handler here takes it, so that the sender tries its next
 * peer. Not in the public API (hidden from its documents).
 */
@RestController
@Hidden
class RemoteMessagesController {
    private final QueryBus queries;
    private final Serializer serializer;

    RemoteMessagesController(QueryBus queries, Serializer serializer) {
        this.queries = queries;
        this.serializer = serializer;
    }

    @PostMapping(Wire.QUERIES)
    CompletableFuture<ResponseEntity<Wire.Reply>> query(@RequestBody Wire.Query body) {
        GenericQueryMessage<Object, ?> query;
        try {
            if (body.id() == null || body.name() == null || body.payload() == null || body.responseType() == null) {
                return CompletableFuture.completedFuture(ResponseEntity.badRequest().build());
            }
            query = new GenericQueryMessage<>(
                    new GenericMessage<>(body.id(), body.payload().read(serializer), metaData(body.metaData())),
                    body.name(), (ResponseType<?>) body.responseType().read(serializer));
        } catch (SerializationException | ClassCastException e) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest().build());
        }
        return queries.query(query).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                return cause instanceof NoHandlerForQueryException
                        ? ResponseEntity.status(404).header(Wire.NO_HANDLER_HEADER, "true").<Wire.Reply>build()
                        : ResponseEntity.ok(failed(cause, null));
            }
            if (response.isExceptional()) {
                return ResponseEntity.ok(failed(response.exceptionResult(),
                                                response.exceptionDetails().orElse(null)));
            }
            Object payload = response.getPayload();
            Object value = payload instanceof Optional<?> optional ? optional.orElse(null) : payload;
            return ResponseEntity.ok(new Wire.Reply(Wire.Serialized.of(serializer, value), null, null, null));
        });
    }

    /** A failed query: a refusal of the handler's (a bad cursor, say) keeps its error code, for the caller's 4xx. */
    private Wire.Reply failed(Throwable failure, Object details) {
        if (details == null && failure instanceof HandlerExecutionException handled) {
            details = handled.getDetails().orElse(null);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DomainException refused) {
                return new Wire.Reply(null, refused.getMessage(), refused.code().name(), null);
            }
        }
        return new Wire.Reply(null, message, null, Wire.Serialized.of(serializer, details));
    }

    @SuppressWarnings("unchecked")
    private Map<String, ?> metaData(Wire.Serialized metaData) {
        return metaData == null ? Map.of() : (Map<String, ?>) metaData.read(serializer);
    }
}
