package dev.tally.platform.remote;

import java.util.concurrent.CompletionException;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * The command bus that senders use when services run apart: a command is handled here when a handler of this
 * process takes it (the local bus), else by the peer that has one ({@link RemotePeers}). Handlers subscribe to the
 * local bus, which is also what the peers' commands are dispatched on, so a command never travels twice.
 */
public class RoutedCommandBus implements CommandBus {
    private final CommandBus local;
    private final RemotePeers peers;

    public RoutedCommandBus(CommandBus local, RemotePeers peers) {
        this.local = local;
        this.peers = peers;
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        dispatch(command, (message, result) -> {
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        local.dispatch(command, (CommandCallback<C, R>) (message, result) -> {
            if (!(result.isExceptional() && result.exceptionResult() instanceof NoHandlerForCommandException)) {
                callback.onResult(message, result);
                return;
            }
            peers.send(command).whenComplete((remote, failure) -> callback.onResult(
                    message, failure == null
                            ? (CommandResultMessage<R>) remote
                            : GenericCommandResultMessage.asCommandResultMessage(unwrap(failure))));
        });
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return local.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(
            MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
        return local.registerHandlerInterceptor(handlerInterceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        return local.registerDispatchInterceptor(dispatchInterceptor);
    }
}
