package dev.tally.signer;

import java.math.BigInteger;
import java.util.List;

import dev.tally.kernel.signing.TransferDraft;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

/**
 * Transfers on an EVM chain, built by the signer from the intent with the fee fields and nonce of the caller's
 * draft, as EIP-1559 transactions: ERC-20 transfers (the token's {@code transfer(to, amount)}, no ether sent), and a
 * sweep's gas (ether, no call). web3j signs them deterministically (RFC 6979): the same fields sign to the same
 * transaction, whenever they are signed.
 */
final class EvmTransfers {
    private EvmTransfers() {
    }

    static SignedTransaction sign(ECKeyPair key, TransferDraft.Evm draft, String tokenContract, String to,
                                  BigInteger baseUnits) {
        String data = FunctionEncoder.encode(new Function("transfer", List.of(new Address(to), new Uint256(baseUnits)),
                                                          List.of()));
        RawTransaction transaction = RawTransaction.createTransaction(draft.chainId(), draft.nonce(), draft.gasLimit(),
                tokenContract, BigInteger.ZERO, data, draft.maxPriorityFeePerGas(), draft.maxFeePerGas());
        return sign(key, transaction);
    }

    /** {@code wei} of ether from {@code key}'s address to {@code to}. */
    static SignedTransaction signEther(ECKeyPair key, TransferDraft.Evm draft, String to, BigInteger wei) {
        RawTransaction transaction = RawTransaction.createEtherTransaction(draft.chainId(), draft.nonce(),
                draft.gasLimit(), to, wei, draft.maxPriorityFeePerGas(), draft.maxFeePerGas());
        return sign(key, transaction);
    }

    /** The fields of a signed EIP-1559 transaction other than its call, or empty when it is not one. */
    static java.util.Optional<TransferDraft.Evm> draftOf(String rawTransaction) {
        try {
            RawTransaction decoded = TransactionDecoder.decode(rawTransaction);
            if (decoded.getTransaction() instanceof Transaction1559 eip1559) {
                return java.util.Optional.of(new TransferDraft.Evm(eip1559.getChainId(), decoded.getNonce(),
                                                                   decoded.getGasLimit(),
                                                                   eip1559.getMaxPriorityFeePerGas(),
                                                                   eip1559.getMaxFeePerGas()));
            }
        } catch (RuntimeException e) {
            // not an EVM transaction
        }
        return java.util.Optional.empty();
    }

    private static SignedTransaction sign(ECKeyPair key, RawTransaction transaction) {
        byte[] signed = TransactionEncoder.signMessage(transaction, Credentials.create(key));
        String raw = Numeric.toHexString(signed);
        return new SignedTransaction(Hash.sha3(raw), raw);
    }
}
