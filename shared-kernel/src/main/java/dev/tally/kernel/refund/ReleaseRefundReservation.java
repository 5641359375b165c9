package dev.tally.kernel.refund;

import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.ids.RefundId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The refund was cancelled: its reserved merchant share is available again. */
public record ReleaseRefundReservation(@TargetAggregateIdentifier FundsId fundsId, RefundId refundId, String reason,
                                       Instant at) {
}
