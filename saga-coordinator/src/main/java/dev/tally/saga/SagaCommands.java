package dev.tally.saga;

import dev.tally.kernel.attention.RecordSagaRefusal;
import dev.tally.kernel.attention.SagaCommandRefused;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.platform.axon.CommandErrorDetails;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How sagas send commands. A technical failure (timeout, database down) propagates: the saga's event is retried and
 * nothing is skipped. A business refusal (the target aggregate answered with an error code because it has moved on)
 * is an outcome, not a fault: retrying the same event would be refused forever and hold up every later event of its
 * segment. So the refusal is recorded as an event of its own ({@link SagaCommandRefused}, through
 * {@link RecordSagaRefusal}, in the saga's own transaction), which puts it on the merchant's dashboard as needing
 * attention and in {@code tally.attention.open}, and the saga goes on.
 */
public final class SagaCommands {
    private static final Logger log = LoggerFactory.getLogger(SagaCommands.class);

    /** How long a saga waits for a command to be handled. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private SagaCommands() {
    }

    /** Sends and waits; returns the refusal if the target refused, empty when the command was handled. */
    public static Optional<CommandErrorDetails> send(CommandGateway commands, String saga, Object command) {
        try {
            commands.sendAndWait(command, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (CommandExecutionException e) {
            return refusal(commands, saga, command, e);
        }
    }

    /** Sends and waits; the handler's result, empty when it returned none or the target refused. */
    public static <R> Optional<R> sendForResult(CommandGateway commands, String saga, Object command,
                                                Class<R> resultType) {
        try {
            Object result = commands.sendAndWait(command, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return resultType.isInstance(result) ? Optional.of(resultType.cast(result)) : Optional.empty();
        } catch (CommandExecutionException e) {
            refusal(commands, saga, command, e);
            return Optional.empty();
        }
    }

    private static Optional<CommandErrorDetails> refusal(CommandGateway commands, String saga, Object command,
                                                         CommandExecutionException e) {
        Optional<CommandErrorDetails> refusal = e.getDetails().filter(CommandErrorDetails.class::isInstance)
                                                 .map(CommandErrorDetails.class::cast);
        if (refusal.isEmpty()) {
            throw e;
        }
        log.warn("{} was refused ({}: {}); recorded as needing attention, the saga goes on without it", command,
                 refusal.get().code(), refusal.get().message());
        String code = refusal.get().code().name();
        commands.sendAndWait(new RecordSagaRefusal(refusalId(saga, command, code),
                                                   component(command, "merchantId", MerchantId.class),
                                                   component(command, "invoiceId", InvoiceId.class), saga,
                                                   command.getClass().getSimpleName(), code,
                                                   refusal.get().message(), now(), mode(command)),
                             TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return refusal;
    }

    /** When the event (or deadline) the saga is handling happened: a refusal is dated by its cause. */
    private static Instant now() {
        return CurrentUnitOfWork.map(uow -> uow.getMessage() instanceof EventMessage<?> event
                                            ? event.getTimestamp() : null)
                                .orElseGet(Instant::now);
    }

    /**
     * The mode of what the refused command was about: the command's own, else that of the event the saga is
     * handling (every event a saga acts on carries its invoice's mode); live when neither says.
     */
    private static Mode mode(Object command) {
        Mode own = component(command, "mode", Mode.class);
        if (own != null) {
            return own;
        }
        return CurrentUnitOfWork.map(uow -> uow.getMessage() instanceof EventMessage<?> event
                                            ? component(event.getPayload(), "mode", Mode.class) : null)
                                .orElse(Mode.LIVE);
    }

    /** The same refusal of the same command (a redelivered saga event) has the same id. */
    public static String refusalId(String saga, Object command, String code) {
        return UUID.nameUUIDFromBytes((saga + "|" + command + "|" + code).getBytes(StandardCharsets.UTF_8))
                   .toString();
    }

    /** The command record's component of that name and type, if it has one. */
    private static <T> T component(Object command, String name, Class<T> type) {
        if (!command.getClass().isRecord()) {
            return null;
        }
        for (RecordComponent component : command.getClass().getRecordComponents()) {
            if (component.getName().equals(name) && component.getType() == type) {
                try {
                    return type.cast(component.getAccessor().invoke(command));
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
