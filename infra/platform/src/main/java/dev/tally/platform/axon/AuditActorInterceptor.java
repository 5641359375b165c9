package dev.tally.platform.axon;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;
import java.util.function.Function;

/**
 * Names who acts while a message is handled (a saga, an event processor, a deadline), so the commands and events
 * it causes carry that principal. Also registers the audit correlation providers on the unit of work, for handlers
 * (such as the deadline manager's) that Axon does not give the configured ones.
 */
public class AuditActorInterceptor<T extends Message<?>> implements MessageHandlerInterceptor<T> {
    private final Function<T, String> actor;
    private final List<CorrelationDataProvider> providers;

    public AuditActorInterceptor(Function<T, String> actor, List<CorrelationDataProvider> providers) {
        this.actor = actor;
        this.providers = List.copyOf(providers);
    }

    @Override
    public Object handle(UnitOfWork<? extends T> unitOfWork, InterceptorChain interceptorChain) throws Exception {
        providers.forEach(unitOfWork::registerCorrelationDataProvider);
        String name = actor.apply(unitOfWork.getMessage());
        if (name != null) {
            unitOfWork.resources().put(AuditCorrelationDataProvider.ACTOR, name);
        }
        return interceptorChain.proceed();
    }
}
