package dev.tally.platform.axon.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.List;

/**
 * One revision step that only adds fields: a stored payload of {@code type} at {@code fromRevision} is read as
 * {@code toRevision} with each added field present as JSON null (what "not recorded then" means to every reader).
 * The stored bytes are left alone (the hash chain covers them).
 */
public class AddedFieldUpcaster extends SingleEventUpcaster {
    private final SimpleSerializedType from;
    private final String toRevision;
    private final List<String> addedFields;

    public AddedFieldUpcaster(String type, String fromRevision, String toRevision, List<String> addedFields) {
        this.from = new SimpleSerializedType(type, fromRevision);
        this.toRevision = toRevision;
        this.addedFields = List.copyOf(addedFields);
    }

    /** {@code PaymentDetected} 1 → 2: the block's time ({@code blockTime}), unknown for older detections. */
    public static AddedFieldUpcaster paymentDetectedBlockTime() {
        return new AddedFieldUpcaster("dev.tally.kernel.payment.PaymentDetected", "1", "2", List.of("blockTime"));
    }

    /** {@code InvoicePaymentDetected} 1 → 2: the status it leads to ({@code statusAfter}); see its javadoc. */
    public static AddedFieldUpcaster invoicePaymentDetectedStatusAfter() {
        return new AddedFieldUpcaster("dev.tally.kernel.invoice.InvoicePaymentDetected", "1", "2",
                                      List.of("statusAfter"));
    }

    /** {@code InvoicePaid} 1 → 2: the settlement of the round ({@code settlementId}); the first one before rounds. */
    public static AddedFieldUpcaster invoicePaidSettlementId() {
        return new AddedFieldUpcaster("dev.tally.kernel.invoice.InvoicePaid", "1", "2", List.of("settlementId"));
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return from.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(from.getName(), toRevision), JsonNode.class,
                payload -> {
                    ObjectNode event = (ObjectNode) payload.deepCopy();
                    for (String field : addedFields) {
                        if (!event.has(field)) {
                            event.putNull(field);
                        }
                    }
                    return event;
                });
    }
}
