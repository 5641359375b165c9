package dev.tally.saga;

import dev.tally.kernel.attention.RecordSagaRefusal;
import dev.tally.kernel.attention.SagaCommandRefused;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.stereotype.Component;

/** Records a saga's refused command as an event, in the saga's own unit of work (see {@link SagaCommands}). */
@Component
public class SagaRefusals {
    private final EventGateway events;

    public SagaRefusals(EventGateway events) {
        this.events = events;
    }

    @CommandHandler
    public void handle(RecordSagaRefusal command) {
        events.publish(new SagaCommandRefused(command.refusalId(), command.merchantId(), command.invoiceId(),
                                              command.saga(), command.command(), command.code(), command.reason(),
                                              command.at(), command.mode()));
    }
}
