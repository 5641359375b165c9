package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalTime;

/**
 * Sets when the available balance is paid out on {@code chain} without being asked: {@code amount} is the threshold
 * ({@code threshold}) or the least worth paying out ({@code daily}, at {@code dailyAt} UTC); null for {@code manual}.
 * Refused unless the chain has a payout address.
 */
public record SetPayoutSchedule(@TargetAggregateIdentifier FundsId fundsId, MerchantId merchantId, Mode mode,
                                Chain chain, PayoutScheduleKind kind, TokenAmount amount, LocalTime dailyAt) {
}
