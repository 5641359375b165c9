package dev.tally.kernel.refund;

import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.ids.RefundId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The refund is confirmed on chain: its reserved merchant share has left. */
public record PostRefundReservation(@TargetAggregateIdentifier FundsId fundsId, RefundId refundId, Instant at) {
}
