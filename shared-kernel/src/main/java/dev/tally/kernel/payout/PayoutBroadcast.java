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
 * The payout's transaction was stored and handed to the chain. {@code networkFeeCharged}: what the merchant pays
 * towards the network fee on top of the amount (none in events stored before fees were charged).
 */
@Revision("1")
public record PayoutBroadcast(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                              String destination, TokenAmount amount, String txHash, Instant at,
                              PayoutStatus status, PayoutTrigger trigger, TokenAmount networkFeeCharged) {
    public PayoutBroadcast {
        networkFeeCharged = networkFeeCharged == null && amount != null ? TokenAmount.zero(amount.asset())
                                                                         : networkFeeCharged;
    }

    /** With no network fee charged. */
    public PayoutBroadcast(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                           String destination, TokenAmount amount, String txHash, Instant at, PayoutStatus status,
                           PayoutTrigger trigger) {
        this(payoutId, fundsId, merchantId, mode, chain, destination, amount, txHash, at, status, trigger, null);
    }
}
