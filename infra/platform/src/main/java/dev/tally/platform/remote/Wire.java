package dev.tally.platform.remote;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/** What travels between services: JSON bodies whose payloads Axon's serializer writes, as the event store does. */
final class Wire {
    static final String QUERIES = "/internal/messages/queries";
    static final String SECRET_HEADER = "Tally-Service-Secret";
    /** Marks a 404 as the peer's own "no handler here", not a wrong address or a service without this path. */
    static final String NO_HANDLER_HEADER = "Tally-No-Handler";

    private Wire() {
    }

    /** An object as Axon's serializer writes it: its type, revision and JSON. */
    record Serialized(String type, String revision, String data) {
        static Serialized of(Serializer serializer, Object value) {
            if (value == null) {
                return null;
            }
            SerializedObject<String> serialized = serializer.serialize(value, String.class);
            return new Serialized(serialized.getType().getName(), serialized.getType().getRevision(),
                                  serialized.getData());
        }

        Object read(Serializer serializer) {
            return serializer.deserialize(new SimpleSerializedObject<>(data, String.class, type, revision));
        }
    }

    /** A point-to-point query, its identifier and name kept, with the response type its handlers are matched on. */
    record Query(String id, String name, Serialized payload, Serialized metaData, Serialized responseType) {
    }

    /**
     * An answered query's outcome: its result, or its failure's message, with the error code of a refusal of the
     * handler's ({@code DomainException}) or else the handler's details.
     */
    record Reply(Serialized result, String failure, String refusal, Serialized details) {
        boolean failed() {
            return failure != null;
        }
    }
}
