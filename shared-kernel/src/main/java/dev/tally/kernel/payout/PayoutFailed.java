package dev.tally.kernel.payout;

import dev.tally.kernel.money.NetworkFee;
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
 * The payout failed; {@code txHash} is its failed transaction's, or null when none was sent; {@code networkFee} what
 * the chain charged for a transaction that was mined and reverted, else null; {@code networkFeeCharged} what the
 * merchant would have paid towards it (given back with the rest; none in events stored before fees were charged).
 */
@Revision("1")
public record PayoutFailed(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                           String destination, TokenAmount amount, String txHash, String reason, Instant at,
                           PayoutStatus status, PayoutTrigger trigger, NetworkFee networkFee,
                           TokenAmount networkFeeCharged) {
    public PayoutFailed {
        networkFeeCharged = networkFeeCharged == null && amount != null ? TokenAmount.zero(amount.asset())
                                                                         : networkFeeCharged;
    }

    /** With no network fee charged. */
    public PayoutFailed(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                        String destination, TokenAmount amount, String txHash, String reason, Instant at,
                        PayoutStatus status, PayoutTrigger trigger, NetworkFee networkFee) {
        this(payoutId, fundsId, merchantId, mode, chain, destination, amount, txHash, reason, at, status, trigger,
             networkFee, null);
    }

    public PayoutFailed(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                        String destination, TokenAmount amount, String txHash, String reason, Instant at,
                        PayoutStatus status, PayoutTrigger trigger) {
        this(payoutId, fundsId, merchantId, mode, chain, destination, amount, txHash, reason, at, status, trigger,
             null);
    }
}
