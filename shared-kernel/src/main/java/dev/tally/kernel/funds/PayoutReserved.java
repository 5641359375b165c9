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
 * address in effect on {@code chain}); {@code balance} is the balance after; {@code trigger}, who asked for it.
 */
@Revision("1")
public record PayoutReserved(FundsId fundsId, MerchantId merchantId, Mode mode, PayoutId payoutId, Chain chain,
                             String destination, TokenAmount amount, FundsBalance balance, Instant at,
                             PayoutTrigger trigger) {
    public PayoutReserved {
        trigger = trigger == null ? PayoutTrigger.MANUAL : trigger;
    }
}
