package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Reserves {@code amount} of the available balance for a payout to the merchant's payout address on {@code chain}
 * in effect now. Refused unless the available balance covers it and an address is in effect. Sending it again for the
 * same payout returns the first reservation.
 */
public record ReservePayout(@TargetAggregateIdentifier FundsId fundsId, MerchantId merchantId, Mode mode,
                            PayoutId payoutId, Chain chain, TokenAmount amount) {
}
