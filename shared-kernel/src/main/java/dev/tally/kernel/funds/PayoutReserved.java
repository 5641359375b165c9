package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A payout was requested and its amount reserved from the available balance, to {@code destination} (the payout
 * address in effect on {@code chain}); {@code balance} is the balance after; {@code trigger}, who asked for it;
 * {@code networkFeeCharged}, what the merchant pays towards the network fee on top of {@code amount} (zero when the
 * platform bears it, and in events written before fees were charged): the reservation is {@link #charged()}.
 */
@Revision("1")
public record PayoutReserved(FundsId fundsId, MerchantId merchantId, Mode mode, PayoutId payoutId, Chain chain,
                             String destination, TokenAmount amount, FundsBalance balance, Instant at,
                             PayoutTrigger trigger, TokenAmount networkFeeCharged) {
    public PayoutReserved {
        trigger = trigger == null ? PayoutTrigger.MANUAL : trigger;
        networkFeeCharged = networkFeeCharged == null ? TokenAmount.zero(amount.asset()) : networkFeeCharged;
    }

    /** A reservation with no network fee charged: the platform bears it. */
    public PayoutReserved(FundsId fundsId, MerchantId merchantId, Mode mode, PayoutId payoutId, Chain chain,
                          String destination, TokenAmount amount, FundsBalance balance, Instant at,
                          PayoutTrigger trigger) {
        this(fundsId, merchantId, mode, payoutId, chain, destination, amount, balance, at, trigger, null);
    }

    /** What the payout takes from the merchant's balance: its amount and the network fee charged. */
    public TokenAmount charged() {
        return amount.plus(networkFeeCharged);
    }
}
