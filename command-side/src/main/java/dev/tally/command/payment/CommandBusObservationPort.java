package dev.tally.command.payment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferFailed;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.chain.TransferOrphaned;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.payment.PaymentLifecycle;
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

import java.time.Duration;

/**
 * Translates observations into Payment commands; the aggregate decides what, if anything, they change.
 * <p>
 * The watcher reports every transfer's confirmations at every new block until it is deep enough to be safe from a
 * reorganisation (30 blocks on the sandbox chain), though a payment counts once it has the confirmations its invoice
 * requires (often one) and then only waits for its block's finality. The Payment aggregate answers each report with
 * what the payment now waits for ({@link PaymentLifecycle.Progress}); a report that answer shows cannot change it
 * ({@link PaymentLifecycle#cannotChange}) is not sent, which spares loading the aggregate some thirty times per
 * payment for nothing. The answer is forgotten at any other observation of the payment, and after an hour. It is
 * this process's: should a payment's observations move to another process and back within the hour, across a
 * reorganisation that put the transfer back into the same block, its confirmation would wait for that block's
 * finality, which is always sent.
 */
@Component
public class CommandBusObservationPort implements ChainObservationPort {
    private static final Logger log = LoggerFactory.getLogger(CommandBusObservationPort.class);

    private final CommandGateway commands;
    private final Cache<PaymentId, PaymentLifecycle.Progress> answered = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofHours(1)).build();

    public CommandBusObservationPort(CommandGateway commands) {
        this.commands = commands;
    }

    @Override
    public void accept(ChainObservation observation) {
        Object command;
        if (observation instanceof TransferObserved seen) {
            command = new RecordTransfer(seen.paymentId(), seen);
        } else if (observation instanceof ConfirmationsObserved c) {
            RecordConfirmations report = new RecordConfirmations(c.paymentId(), c.blockHash(), c.confirmations(),
                                                                 c.finalized(), c.observedAt());
            if (PaymentLifecycle.cannotChange(answered.getIfPresent(c.paymentId()), report)) {
                return;
            }
            command = report;
        } else if (observation instanceof TransferFailed f) {
            command = new RecordTransferFailed(f.paymentId(), f.reason(), f.observedAt());
        } else if (observation instanceof TransferOrphaned o) {
            command = new RecordTransferOrphaned(o.paymentId(), o.blockHash(), o.observedAt());
        } else {
            throw new IllegalArgumentException("unknown observation " + observation);
        }
        if (!(command instanceof RecordConfirmations)) {
            answered.invalidate(observation.paymentId());
        }
        try {
            Object answer = commands.sendAndWait(command);
            if (answer instanceof PaymentLifecycle.Progress progress) {
                answered.put(observation.paymentId(), progress);
            }
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
