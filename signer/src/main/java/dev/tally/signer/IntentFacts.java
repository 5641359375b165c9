package dev.tally.signer;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.signing.TransferIntent;

/**
 * A refund, payout or sweep as its last event left it, read by the signer from the event history.
 *
 * @param merchantId  whose money it is; null for a sweep, which moves the platform's custody only
 * @param source      where the money leaves from: null for the hot wallet, a sweep's deposit address
 * @param sourceIndex the sweep's deposit address's derivation index (its token transfer and its gas), else -1
 * @param destination where it pays: the refund's claimed or given address, the payout's address when it was
 *                    requested, the hot wallet (a sweep), the deposit address (a sweep's gas)
 * @param amount      the tokens it moves; zero for a sweep's gas, which moves the chain's coin
 * @param status      its status code ({@code approved}, {@code pending}, {@code requested} …)
 * @param ready       whether that status is the one a transaction is signed in (an approved refund, a pending payout,
 *                    a requested sweep)
 * @param attempt     the refund's current attempt, or the attempt asked for of a sweep's energy return; 1 for a payout
 *                    and a sweep
 */
record IntentFacts(TransferIntent.Kind kind, String id, MerchantId merchantId, Mode mode, Chain chain, String source,
                   long sourceIndex, String destination, TokenAmount amount, String status, boolean ready,
                   int attempt) {

    /** Paid from the hot wallet. */
    static IntentFacts fromHotWallet(TransferIntent.Kind kind, String id, MerchantId merchantId, Mode mode,
                                     Chain chain, String destination, TokenAmount amount, String status,
                                     boolean ready, int attempt) {
        return new IntentFacts(kind, id, merchantId, mode, chain, null, -1, destination, amount, status, ready,
                               attempt);
    }
}
