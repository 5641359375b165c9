package dev.tally.signer;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.signing.SignTransfer;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.kernel.signing.TransferIntent;

import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * Builds and signs the transaction of an intent the policy allows, or says why the caller's draft is not that
 * transaction:
 * <ul>
 * <li>a refund or payout: from the chain's hot wallet to the intent's destination, of the intent's amount, through
 * the chain's token contract;</li>
 * <li>a sweep: from the deposit address (its key derived from the sweep's index, which must give the sweep's address)
 * to the hot wallet, of the sweep's amount, through the token contract;</li>
 * <li>a sweep's gas: the chain's coin from the hot wallet to the sweep's deposit address (which its index must give,
 * so that gas only ever goes to Tally's own addresses), never more than the chain's {@code max-top-up}: on EVM
 * chains exactly what a transaction with the draft's gas limit and fee cap can cost; on Tron the TRX of the node's
 * {@code TransferContract} draft, which must be exactly that transfer;</li>
 * <li>a Tron sweep's energy: the resource account's delegation of energy to the sweep's deposit address (which its
 * index must give), unlocked so that it can be taken back, of no more staked TRX than {@code max-delegation}; and its
 * return, the same account taking back energy from that address.</li>
 * </ul>
 */
final class TransferTransactions {
    private final KeyRing keys;
    private final Map<Chain, String> tokenContracts;
    private final Map<Chain, BigInteger> maxTopUpsWei;
    private final BigInteger maxDelegationSun;

    TransferTransactions(KeyRing keys, Map<Chain, String> tokenContracts, Map<Chain, BigInteger> maxTopUpsWei,
                         BigInteger maxDelegationSun) {
        this.keys = keys;
        this.maxDelegationSun = maxDelegationSun;
        this.tokenContracts = Map.copyOf(tokenContracts);
        this.maxTopUpsWei = Map.copyOf(maxTopUpsWei);
    }

    /** Either the signed transaction (and the hot wallet it is from) or the reason it was not signed. */
    record Built(String from, SignedTransaction transaction, String mismatch) {
    }

    /** The hot wallet's address on {@code chain}: where refunds and payouts are paid from. */
    String hotWallet(Chain chain) {
        return KeyRing.address(chain, keys.hotWallet(chain));
    }

    /** The resource account's address on {@code chain}: on Tron, whose staked energy sweeps use. */
    String resourceAccount(Chain chain) {
        return KeyRing.address(chain, keys.resourceAccount(chain));
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
        if (facts.kind() == TransferIntent.Kind.SWEEP_ENERGY
            || facts.kind() == TransferIntent.Kind.SWEEP_ENERGY_RETURN) {
            return energy(request, facts, now);
        }
        ECKeyPair key = facts.kind() == TransferIntent.Kind.SWEEP ? keys.depositKey(chain, facts.sourceIndex())
                : keys.hotWallet(chain);
        String from = KeyRing.address(chain, key);
        if (facts.kind() == TransferIntent.Kind.SWEEP && !from.equalsIgnoreCase(facts.source())) {
            return new Built(from, null, "deposit address index " + facts.sourceIndex() + " is " + from + ", not "
                                         + facts.source());
        }
        if (facts.kind() == TransferIntent.Kind.SWEEP_GAS) {
            String deposit = KeyRing.address(chain, keys.depositKey(chain, facts.sourceIndex()));
            // EVM addresses compare in any case (EIP-55 is a checksum); Tron's base58 is case-sensitive.
            if (chain == Chain.TRON ? !deposit.equals(facts.destination())
                    : !deposit.equalsIgnoreCase(facts.destination())) {
                return new Built(from, null, "deposit address index " + facts.sourceIndex() + " is " + deposit
                                             + ", not " + facts.destination());
            }
            if (request.draft() instanceof TransferDraft.Tron tron) {
                Optional<String> mismatch = TronTransfers.coinMismatch(tron, from, deposit, maxTopUpsWei.get(chain),
                                                                       now);
                return mismatch.isPresent() ? new Built(from, null, mismatch.get())
                        : new Built(from, TronTransfers.sign(key, tron), null);
            }
            return gas(key, from, (TransferDraft.Evm) request.draft(), facts.destination(), maxTopUpsWei.get(chain));
        }
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
        // A Tron refund, payout or sweep: the node's transaction must be exactly the intent's.
        Optional<String> mismatch = TronTransfers.mismatch(tron, from, token, facts.destination(), amount, now);
        return mismatch.isPresent() ? new Built(from, null, mismatch.get())
                : new Built(from, TronTransfers.sign(key, tron), null);
    }

    /** A Tron sweep's energy delegated to its deposit address, or taken back, by the resource account. */
    private Built energy(SignTransfer request, IntentFacts facts, Instant now) {
        Chain chain = request.chain();
        ECKeyPair key = keys.resourceAccount(chain);
        String from = KeyRing.address(chain, key);
        if (chain != Chain.TRON || !(request.draft() instanceof TransferDraft.Tron tron)) {
            return new Built(from, null, "only Tron delegates energy");
        }
        String deposit = KeyRing.address(chain, keys.depositKey(chain, facts.sourceIndex()));
        if (!deposit.equals(facts.destination())) {
            return new Built(from, null, "deposit address index " + facts.sourceIndex() + " is " + deposit + ", not "
                                         + facts.destination());
        }
        Optional<String> mismatch = TronTransfers.delegationMismatch(
                tron, from, deposit, maxDelegationSun, facts.kind() == TransferIntent.Kind.SWEEP_ENERGY_RETURN, now);
        return mismatch.isPresent() ? new Built(from, null, mismatch.get())
                : new Built(from, TronTransfers.sign(key, tron), null);
    }

    private static Built gas(ECKeyPair hotWallet, String from, TransferDraft.Evm draft, String depositAddress,
                             BigInteger maxTopUp) {
        if (!isEvmAddress(depositAddress)) {
            return new Built(from, null, depositAddress + " is not an EVM address");
        }
        BigInteger wei = draft.gasLimit().multiply(draft.maxFeePerGas());
        if (wei.compareTo(maxTopUp) > 0) {
            return new Built(from, null, "the gas asked for (" + wei + " wei) is more than the chain's max-top-up ("
                                         + maxTopUp + " wei)");
        }
        return new Built(from, EvmTransfers.signEther(hotWallet, draft, depositAddress, wei), null);
    }
}
