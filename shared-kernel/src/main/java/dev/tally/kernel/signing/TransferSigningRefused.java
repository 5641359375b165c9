package dev.tally.kernel.signing;

import java.time.Instant;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;

import org.axonframework.serialization.Revision;

/**
 * The signer refused to sign one attempt's transaction; nothing was signed. {@code merchantId} and {@code amount} are
 * the intent's as the event history has them, null when it has no such intent.
 */
@Revision("1")
public record TransferSigningRefused(String allowance, TransferIntent intent, MerchantId merchantId, Chain chain,
                                     TokenAmount amount, String reason, Instant at) {
}
