package dev.tally.command.payment;

import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferFailed;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.chain.TransferOrphaned;
import dev.tally.kernel.payment.RecordConfirmations;
import dev.tally.kernel.payment.RecordTransfer;
import dev.tally.kernel.payment.RecordTransferFailed;
import dev.tally.kernel.payment.RecordTransferOrphaned;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.platform.axon.CommandErrorDetails;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Translates observations into Payment commands; the aggregate decides what, if anything, they change. */
@Component
public class CommandBusObservationPort implements ChainObservationPort {
    private static final Logger log = LoggerFactory.getLogger(CommandBusObservationPort.class);

    private final CommandGateway commands;

    public CommandBusObservationPort(CommandGateway commands) {
        this.commands = commands;
    }

    @Override
    public void accept(ChainObservation observation) {
        Object command;
        if (observation instanceof TransferObserved seen) {
            command = new RecordTransfer(seen.paymentId(), seen);
        } else if (observation instanceof ConfirmationsObserved c) {
            command = new RecordConfirmations(c.paymentId(), c.blockHash(), c.confirmations(), c.finalized(),
                                              c.observedAt());
        } else if (observation instanceof TransferFailed f) {
            command = new RecordTransferFailed(f.paymentId(), f.reason(), f.observedAt());
        } else if (observation instanceof TransferOrphaned o) {
            command = new RecordTransferOrphaned(o.paymentId(), o.blockHash(), o.observedAt());
        } else {
            throw new IllegalArgumentException("unknown observation " + observation);
        }
        try {
            commands.sendAndWait(command);
        } catch (CommandExecutionException e) {
            if (!(observation instanceof TransferObserved) && isUnknownPayment(e)) {
                // Confirmations, failures or orphans of a transfer not seen yet: the watcher reports again at the
                // next head, and the transfer itself comes first then. Nothing to keep.
                log.debug("Ignoring {} for unknown payment {}", observation.getClass().getSimpleName(),
                          observation.paymentId());
                return;
            }
            throw e;
        }
    }

    private static boolean isUnknownPayment(CommandExecutionException e) {
        return e.getCause() instanceof AggregateNotFoundException
               || e.getDetails().filter(CommandErrorDetails.class::isInstance)
                   .map(d -> ((CommandErrorDetails) d).code() == ErrorCode.NOT_FOUND).orElse(false);
    }
}
