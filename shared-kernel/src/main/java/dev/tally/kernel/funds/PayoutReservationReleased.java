package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The payout failed and its reserved money is available again; {@code balance} is the balance after. */
@Revision("1")
public record PayoutReservationReleased(FundsId fundsId, MerchantId merchantId, Mode mode, PayoutId payoutId,
                                        TokenAmount amount, String reason, FundsBalance balance, Instant at) {
}
