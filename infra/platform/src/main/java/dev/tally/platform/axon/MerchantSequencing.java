package dev.tally.platform.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sequences a processor's events by the merchant they concern (the {@code merchantId} component of Tally's event
 * records), so that one merchant's events from different aggregates are handled by one segment in event-store order;
 * events without a merchant fall back on their aggregate. Changing a processor's policy moves events between
 * segments: a read model then needs a rebuild.
 */
public final class MerchantSequencing implements SequencingPolicy<EventMessage<?>> {
    private static final Map<Class<?>, Optional<RecordComponent>> MERCHANT_COMPONENT = new ConcurrentHashMap<>();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Optional<RecordComponent> component = MERCHANT_COMPONENT.computeIfAbsent(event.getPayloadType(),
                                                                                 MerchantSequencing::merchantOf);
        if (component.isPresent()) {
            try {
                Object merchant = component.get().getAccessor().invoke(event.getPayload());
                if (merchant != null) {
                    return merchant.toString();
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the merchant of " + event.getPayloadType(), e);
            }
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }

    private static Optional<RecordComponent> merchantOf(Class<?> type) {
        if (!type.isRecord()) {
            return Optional.empty();
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals("merchantId")) {
                return Optional.of(component);
            }
        }
        return Optional.empty();
    }
}
