package dev.tally.kernel.payout;

import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Opens the payout whose amount its merchant's funds reserved, with the network fee charged to the merchant on top
 * (zero, or null, when the platform bears it).
 */
public record CreatePayout(@TargetAggregateIdentifier PayoutId payoutId, FundsId fundsId, MerchantId merchantId,
                           Mode mode, Chain chain, String destination, TokenAmount amount, Instant requestedAt,
                           PayoutTrigger trigger, TokenAmount networkFeeCharged) {
}
