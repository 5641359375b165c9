package dev.tally.kernel.signing;

import java.time.Instant;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;

import org.axonframework.serialization.Revision;

/**
 * The signer signed one attempt's transaction. The signed bytes are kept here, before anyone broadcasts them: a retry
 * sends these bytes again.
 *
 * @param allowance      the signer's allowance it counted against (a merchant, a chain, a day)
 * @param from           the platform's hot wallet on the chain
 * @param to             the intent's destination
 * @param rawTransaction the signed transaction, hex: EVM's RLP envelope, Tron's {@code Transaction} protobuf
 * @param signedToday    what the merchant's signed transfers on this chain add up to today, this one included (a
 *                       replacement adds nothing: only one of the two can be mined)
 * @param replaces       the hash of the transaction this one replaces (the same nonce, higher fees), null for an
 *                       attempt's first transaction
 */
@Revision("1")
public record TransferSigned(String allowance, TransferIntent intent, MerchantId merchantId, Chain chain, String from,
                             String to, TokenAmount amount, String txHash, String rawTransaction,
                             TokenAmount signedToday, Instant at, String replaces) {
    public TransferSigned(String allowance, TransferIntent intent, MerchantId merchantId, Chain chain, String from,
                          String to, TokenAmount amount, String txHash, String rawTransaction, TokenAmount signedToday,
                          Instant at) {
        this(allowance, intent, merchantId, chain, from, to, amount, txHash, rawTransaction, signedToday, at, null);
    }
}
