package dev.tally.kernel.payout;

import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.NetworkFee;

import java.time.Instant;

/**
 * A payout as its merchant reads it. {@code amount} is an exact decimal string; {@code txHash} is set from
 * {@code broadcast} on; {@code failureReason} only when {@code failed}; {@code trigger}: the merchant's request
 * ({@code manual}) or its payout schedule ({@code threshold}, {@code daily}); {@code networkFee} what the chain
 * charged for its transaction once mined (live payouts), else null; {@code networkFeeCharged} what the merchant
 * paid towards it on top of {@code amount}, an exact decimal string ("0.00" when the platform bears it).
 */
public record PayoutView(String id, String chain, Asset asset, String amount, String destination,
                         PayoutStatus status, String txHash, Long blockNumber, String failureReason,
                         Instant createdAt, Instant updatedAt, boolean livemode, PayoutTrigger trigger,
                         NetworkFee networkFee, String networkFeeCharged) {

    /** A payout just requested: its reservation is all there is. */
    public static PayoutView requested(PayoutReserved reserved) {
        return new PayoutView(reserved.payoutId().value(), reserved.chain().code(), reserved.amount().asset(),
                              reserved.amount().toDecimalString(), reserved.destination(), PayoutStatus.PENDING,
                              null, null, null, reserved.at(), reserved.at(), Mode.orLive(reserved.mode()).live(),
                              reserved.trigger(), null, reserved.networkFeeCharged().toDecimalString());
    }
}
