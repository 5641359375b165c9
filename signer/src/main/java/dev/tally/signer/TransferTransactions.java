package dev.tally.signer;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.signing.SignTransfer;
import dev.tally.kernel.signing.TransferDraft;

import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * Builds and signs the transaction of an intent the policy allows, from the chain's hot wallet to the intent's
 * destination, of the intent's amount, through the chain's token contract; or says why the caller's draft is not
 * that transaction.
 */
final class TransferTransactions {
    private final KeyRing keys;
    private final Map<Chain, String> tokenContracts;

    TransferTransactions(KeyRing keys, Map<Chain, String> tokenContracts) {
        this.keys = keys;
        this.tokenContracts = Map.copyOf(tokenContracts);
    }

    /** Either the signed transaction (and the hot wallet it is from) or the reason it was not signed. */
    record Built(String from, SignedTransaction transaction, String mismatch) {
    }

    /** The hot wallet's address on {@code chain}: where refunds and payouts are paid from. */
    String hotWallet(Chain chain) {
        return KeyRing.address(chain, keys.hotWallet(chain));
    }

    /** 0x and 40 hex digits, in one case or in EIP-55's. */
    static boolean isEvmAddress(String address) {
        if (address == null || !address.matches("0x[0-9a-fA-F]{40}")) {
            return false;
        }
        String digits = address.substring(2);
        return digits.equals(digits.toLowerCase(java.util.Locale.ROOT))
               || digits.equals(digits.toUpperCase(java.util.Locale.ROOT))
               || Keys.toChecksumAddress(address).equals(address);
    }

    Built build(SignTransfer request, IntentFacts facts, Instant now) {
        Chain chain = request.chain();
        ECKeyPair key = keys.hotWallet(chain);
        String from = KeyRing.address(chain, key);
        String token = tokenContracts.get(chain);
        if (token == null) {
            return new Built(from, null, "no token contract is configured for " + chain.code()
                                         + " (tally.signer.chains." + chain.code() + ".token-contract)");
        }
        BigInteger amount = BigInteger.valueOf(facts.amount().baseUnits());
        if (request.draft() instanceof TransferDraft.Evm evm) {
            return isEvmAddress(facts.destination())
                    ? new Built(from, EvmTransfers.sign(key, evm, token, facts.destination(), amount), null)
                    : new Built(from, null, facts.destination() + " is not an EVM address");
        }
        TransferDraft.Tron tron = (TransferDraft.Tron) request.draft();
        Optional<String> mismatch = TronTransfers.mismatch(tron, from, token, facts.destination(), amount, now);
        return mismatch.isPresent() ? new Built(from, null, mismatch.get())
                : new Built(from, TronTransfers.sign(key, tron), null);
    }
}
