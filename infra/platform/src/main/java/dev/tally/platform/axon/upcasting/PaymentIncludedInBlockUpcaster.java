package dev.tally.platform.axon.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@code PaymentIncludedInBlock} revision 1 → 2: the milestone's instant was called {@code at}; revision 2 names it
 * {@code includedAt}, like every other event's instant ({@code detectedAt}, {@code confirmedAt}, …). Stored
 * revision-1 payloads are rewritten on read, in the JSON tree, before Jackson builds the record; nothing stored is
 * changed (the hash chain covers the stored bytes).
 */
public class PaymentIncludedInBlockUpcaster extends SingleEventUpcaster {
    static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType("dev.tally.kernel.payment.PaymentIncludedInBlock", "1");
    static final String REVISION_2 = "2";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
                new SimpleSerializedType(REVISION_1.getName(), REVISION_2),
                JsonNode.class,
                payload -> {
                    ObjectNode event = (ObjectNode) payload.deepCopy();
                    JsonNode at = event.remove("at");
                    if (at != null && !event.has("includedAt")) {
                        event.set("includedAt", at);
                    }
                    return event;
                });
    }
}
