package dev.tally.kernel.refund;

import dev.tally.kernel.funds.FundsBalance;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The refund is confirmed: its reserved merchant share has left; {@code balance} is the balance after. */
@Revision("1")
public record RefundReservationPosted(FundsId fundsId, MerchantId merchantId, Mode mode, RefundId refundId,
                                      TokenAmount amount, FundsBalance balance, Instant at) {
}
