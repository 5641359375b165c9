package dev.tally.kernel.payment;

import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a transfer the watcher saw. Creates the payment the first time; later reports are idempotent. */
public record RecordTransfer(@TargetAggregateIdentifier PaymentId paymentId, TransferObserved observation) {
}
