package dev.tally.saga;

import dev.tally.platform.axon.CommandErrorDetails;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How sagas send commands. A technical failure (timeout, database down) propagates: the saga's event is retried and
 * nothing is skipped. A business refusal (the target aggregate answered with an error code because it has moved on)
 * is an outcome, not a fault: retrying the same event would be refused forever and hold up every later event of its
 * segment, so it is logged as an error for the operator and the saga goes on.
 */
public final class SagaCommands {
    private static final Logger log = LoggerFactory.getLogger(SagaCommands.class);

    /** How long a saga waits for a command to be handled. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private SagaCommands() {
    }

    /** Sends and waits; returns the refusal if the target refused, empty when the command was handled. */
    public static Optional<CommandErrorDetails> send(CommandGateway commands, Object command) {
        try {
            commands.sendAndWait(command, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (CommandExecutionException e) {
            return refusal(command, e);
        }
    }

    /** Sends and waits; the handler's result, empty when it returned none or the target refused. */
    public static <R> Optional<R> sendForResult(CommandGateway commands, Object command, Class<R> resultType) {
        try {
            Object result = commands.sendAndWait(command, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return resultType.isInstance(result) ? Optional.of(resultType.cast(result)) : Optional.empty();
        } catch (CommandExecutionException e) {
            refusal(command, e);
            return Optional.empty();
        }
    }

    private static Optional<CommandErrorDetails> refusal(Object command, CommandExecutionException e) {
        Optional<CommandErrorDetails> refusal = e.getDetails().filter(CommandErrorDetails.class::isInstance)
                                                 .map(CommandErrorDetails.class::cast);
        if (refusal.isEmpty()) {
            throw e;
        }
        log.error("{} was refused ({}: {}); the saga goes on without it", command, refusal.get().code(),
                  refusal.get().message());
        return refusal;
    }
}
