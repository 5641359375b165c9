package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;

/**
 * Sets the merchant's payout address on a chain. The first address takes effect at once; a change only after
 * {@code delay}, so that a stolen API key cannot redirect money at once. The address is already validated for its
 * chain.
 */
public record ChangePayoutAddress(@TargetAggregateIdentifier FundsId fundsId, MerchantId merchantId, Mode mode,
                                  Chain chain, String address, Duration delay) {
}
