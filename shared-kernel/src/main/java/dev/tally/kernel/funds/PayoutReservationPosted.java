package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The payout's reserved money left (confirmed on chain); {@code balance} is the balance after. */
@Revision("1")
public record PayoutReservationPosted(FundsId fundsId, MerchantId merchantId, Mode mode, PayoutId payoutId,
                                      TokenAmount amount, FundsBalance balance, Instant at) {
}
