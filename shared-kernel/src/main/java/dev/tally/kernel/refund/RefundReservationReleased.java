package dev.tally.kernel.refund;

import dev.tally.kernel.funds.FundsBalance;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The refund was cancelled: its merchant share is available again; {@code balance} is the balance after. */
@Revision("1")
public record RefundReservationReleased(FundsId fundsId, MerchantId merchantId, Mode mode, RefundId refundId,
                                        TokenAmount amount, String reason, FundsBalance balance, Instant at) {
}
