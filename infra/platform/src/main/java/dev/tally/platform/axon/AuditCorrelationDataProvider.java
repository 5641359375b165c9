package dev.tally.platform.axon;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.HashMap;
import java.util.Map;

/**
 * Carries the principal (and transport) from the message being handled to every message it causes. A unit of work
 * that acts on its own behalf (a saga, a deadline) names itself with the {@link #ACTOR} resource, which wins over
 * the principal of the message it handles: a settlement is created by the saga, on the chain's observation.
 */
public class AuditCorrelationDataProvider implements CorrelationDataProvider {
    /** Unit-of-work resource: the principal of messages created while handling, overriding the handled one's. */
    public static final String ACTOR = AuditCorrelationDataProvider.class.getName() + ".actor";

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        Object principal = message.getMetaData().get(AuditMetadata.PRINCIPAL);
        if (CurrentUnitOfWork.isStarted()) {
            Object actor = CurrentUnitOfWork.get().getResource(ACTOR);
            if (actor != null) {
                principal = actor;
            }
        }
        if (principal != null) {
            data.put(AuditMetadata.PRINCIPAL, principal);
        }
        Object transport = message.getMetaData().get(AuditMetadata.TRANSPORT);
        if (transport != null) {
            data.put(AuditMetadata.TRANSPORT, transport);
        }
        return data;
    }
}
