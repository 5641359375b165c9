package dev.tally.kernel.payout;

import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A payout, PENDING: its amount is reserved, nothing is on chain yet. */
@Revision("1")
public record PayoutCreated(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                            String destination, TokenAmount amount, Instant requestedAt, PayoutStatus status,
                            PayoutTrigger trigger) {
}
