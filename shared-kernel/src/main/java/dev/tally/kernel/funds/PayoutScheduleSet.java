package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The merchant's payout schedule is now {@code kind} on {@code chain}, with {@code amount} its threshold or minimum
 * (null for {@code manual}); {@code nextRunAt} is when a daily one runs next (null otherwise).
 */
@Revision("1")
public record PayoutScheduleSet(FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain,
                                PayoutScheduleKind kind, TokenAmount amount, Instant nextRunAt, Instant at) {
}
