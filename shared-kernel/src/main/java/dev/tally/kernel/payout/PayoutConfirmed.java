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
 * The payout's transaction is final on chain: the money has left. {@code networkFee}: what the chain charged the hot
 * wallet for it, null on the sandbox chain (and in events stored before fees were recorded); {@code networkFeeCharged}
 * what the merchant paid towards it on top of the amount (none in events stored before fees were charged).
 */
@Revision("1")
public record PayoutConfirmed(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                              String destination, TokenAmount amount, String txHash, long blockNumber, Instant at,
                              PayoutStatus status, PayoutTrigger trigger, NetworkFee networkFee,
                              TokenAmount networkFeeCharged) {
    public PayoutConfirmed {
        networkFeeCharged = networkFeeCharged == null && amount != null ? TokenAmount.zero(amount.asset())
                                                                         : networkFeeCharged;
    }

    /** With no network fee charged. */
    public PayoutConfirmed(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                           String destination, TokenAmount amount, String txHash, long blockNumber, Instant at,
                           PayoutStatus status, PayoutTrigger trigger, NetworkFee networkFee) {
        this(payoutId, fundsId, merchantId, mode, chain, destination, amount, txHash, blockNumber, at, status, trigger,
             networkFee, null);
    }

    public PayoutConfirmed(PayoutId payoutId, FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                           String destination, TokenAmount amount, String txHash, long blockNumber, Instant at,
                           PayoutStatus status, PayoutTrigger trigger) {
        this(payoutId, fundsId, merchantId, mode, chain, destination, amount, txHash, blockNumber, at, status, trigger,
             null);
    }
}
