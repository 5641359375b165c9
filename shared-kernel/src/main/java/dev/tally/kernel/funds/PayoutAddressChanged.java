package dev.tally.kernel.funds;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The merchant's payout address on {@code chain} is {@code address} from {@code effectiveAt} on; until then payouts
 * go to {@code previous} (null when there was none: a first address takes effect at once).
 */
@Revision("1")
public record PayoutAddressChanged(FundsId fundsId, MerchantId merchantId, Mode mode, Chain chain, String address,
                                   String previous, Instant requestedAt, Instant effectiveAt) {
}
