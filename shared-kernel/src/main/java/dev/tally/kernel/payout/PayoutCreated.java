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

/**
 * A payout, PENDING: its amount is reserved, nothing is on chain yet. {@code networkFeeCharged}: what the merchant
 * pays towards the network fee on top of the amount (zero when the platform bears it; absent before fees were
 * charged).
 */
@Revision("1")
public record PayoutCreated(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                            String destination, TokenAmount amount, Instant requestedAt, PayoutStatus status,
                            PayoutTrigger trigger, TokenAmount networkFeeCharged) {
    public PayoutCreated {
        networkFeeCharged = networkFeeCharged == null && amount != null ? TokenAmount.zero(amount.asset())
                                                                         : networkFeeCharged;
    }

    /** A payout with no network fee charged: the platform bears it. */
    public PayoutCreated(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                         String destination, TokenAmount amount, Instant requestedAt, PayoutStatus status,
                         PayoutTrigger trigger) {
        this(payoutId, fundsId, merchantId, mode, chain, destination, amount, requestedAt, status, trigger, null);
    }
}
