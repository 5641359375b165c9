package dev.tally.command.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.kernel.access.ApiKeyRules;
import dev.tally.kernel.merchant.ApiKeyIssued;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/** {@link ApiKeyIssued} revision 1 had no name: such keys were issued with the merchant's registration. */
@Component
public class ApiKeyIssuedUpcaster extends SingleEventUpcaster {
    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(ApiKeyIssued.class.getTypeName(), "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(ApiKeyIssued.class.getTypeName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            if (payload instanceof ObjectNode object && !object.hasNonNull("name")) {
                object.put("name", ApiKeyRules.FIRST_KEY_NAME);
            }
            return payload;
        });
    }
}
