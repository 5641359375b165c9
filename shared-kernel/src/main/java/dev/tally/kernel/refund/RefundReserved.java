package dev.tally.kernel.refund;

import dev.tally.kernel.funds.FundsBalance;
import dev.tally.kernel.funds.FundsId;
import org.axonframework.serialization.Revision;

/** The refund's merchant share is reserved from the available balance; {@code balance} is the balance after. */
@Revision("1")
public record RefundReserved(FundsId fundsId, InvoiceRefundRequested request, FundsBalance balance) {
}
