package dev.tally.platform.remote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.swagger.v3.oas.annotations.Hidden;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a peer service's queries arrive: each is dispatched on this process's own query bus (never sent on to a
 * third service) and its outcome answered, a failure included. 404 when no handler here takes it, so that the sender
 * tries its next peer; 401 without the shared secret. Not in the public API (hidden from its documents).
 */
@RestController
@Hidden
class RemoteMessagesController {
    private final QueryBus queries;
    private final Serializer serializer;
    private final byte[] secret;

    RemoteMessagesController(QueryBus queries, Serializer serializer, String secret) {
        this.queries = queries;
        this.serializer = serializer;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(Wire.QUERIES)
    CompletableFuture<ResponseEntity<Wire.Reply>> query(@RequestHeader(value = Wire.SECRET_HEADER,
                                                                       required = false) String caller,
                                                        @RequestBody Wire.Query body) {
        if (!trusted(caller)) {
            return CompletableFuture.completedFuture(ResponseEntity.status(HttpStatus.UNAUTHORIZED).build());
        }
        GenericQueryMessage<Object, ?> query;
        try {
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
                return cause instanceof NoHandlerForQueryException ? ResponseEntity.notFound().<Wire.Reply>build()
                        : ResponseEntity.ok(failed(cause, null));
            }
            if (response.isExceptional()) {
                return ResponseEntity.ok(failed(response.exceptionResult(),
                                                response.exceptionDetails().orElse(null)));
            }
            Object payload = response.getPayload();
            Object value = payload instanceof Optional<?> optional ? optional.orElse(null) : payload;
            return ResponseEntity.ok(new Wire.Reply(Wire.Serialized.of(serializer, value), null, null));
        });
    }

    private Wire.Reply failed(Throwable failure, Object details) {
        if (details == null && failure instanceof HandlerExecutionException handled) {
            details = handled.getDetails().orElse(null);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new Wire.Reply(null, message, Wire.Serialized.of(serializer, details));
    }

    @SuppressWarnings("unchecked")
    private Map<String, ?> metaData(Wire.Serialized metaData) {
        return metaData == null ? Map.of() : (Map<String, ?>) metaData.read(serializer);
    }

    private boolean trusted(String caller) {
        return caller != null && MessageDigest.isEqual(secret, caller.getBytes(StandardCharsets.UTF_8));
    }
}
