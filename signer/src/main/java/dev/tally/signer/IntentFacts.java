package dev.tally.signer;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.signing.TransferIntent;

/**
 * A refund or payout as its last event left it, read by the signer from the event history.
 *
 * @param destination where it pays: the refund's claimed or given address, the payout's address when it was requested
 * @param status      its status code ({@code approved}, {@code pending}, …)
 * @param ready       whether that status is the one a transaction is signed in (an approved refund, a pending payout)
 * @param attempt     the refund's current attempt; 1 for a payout
 */
record IntentFacts(TransferIntent.Kind kind, String id, MerchantId merchantId, Mode mode, Chain chain,
                   String destination, TokenAmount amount, String status, boolean ready, int attempt) {
}
