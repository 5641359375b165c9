package dev.tally.kernel.refund;

import dev.tally.kernel.funds.FundsId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The merchant's available balance did not cover the refund's merchant share: the refund will not be paid. */
@Revision("1")
public record RefundReservationRefused(FundsId fundsId, InvoiceRefundRequested request, String reason, Instant at) {
}
