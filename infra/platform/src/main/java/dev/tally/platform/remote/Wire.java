package dev.tally.platform.remote;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/** What travels between services: JSON bodies whose payloads Axon's serializer writes, as the event store does. */
final class Wire {
    static final String COMMANDS = "/internal/messages/commands";
    static final String QUERIES = "/internal/messages/queries";
    static final String SECRET_HEADER = "Tally-Service-Secret";

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

    /** A command: its identifier and name kept, so that it is the same message on either side. */
    record Command(String id, String name, Serialized payload, Serialized metaData) {
    }

    /** A point-to-point query, with the response type its handlers are matched on. */
    record Query(String id, String name, Serialized payload, Serialized metaData, Serialized responseType) {
    }

    /**
     * A handled message's outcome: its result, or its failure's message, with the details that say a business
     * refusal (a command's {@code CommandErrorDetails}) and whether the failure was a concurrent append.
     */
    record Reply(Serialized result, String failure, Serialized details, boolean conflict) {
        boolean failed() {
            return failure != null;
        }
    }
}
