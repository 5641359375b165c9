package dev.tally.platform.axon;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Business refusals cross the command bus as an {@link ErrorCode} in the exception's details (STYLE pattern 4), so
 * that the REST layer maps them the same way whether the handler ran in this JVM or behind Axon Server.
 */
class DomainExceptionWrappingInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (DomainException e) {
            throw new CommandExecutionException(e.getMessage(), e, new CommandErrorDetails(e.code(), e.getMessage()));
        } catch (AggregateNotFoundException e) {
            throw new CommandExecutionException(e.getMessage(), e,
                                                new CommandErrorDetails(ErrorCode.NOT_FOUND, "not found"));
        }
    }
}
