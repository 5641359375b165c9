package dev.tally.kernel.signing;

import java.math.BigInteger;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the caller knows of a transaction and the signer cannot: the chain's current fee, nonce or reference block.
 * Never its destination or amount: the signer writes those from the intent (EVM), or checks that the node's unsigned
 * transaction says exactly those (Tron).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = TransferDraft.Evm.class, name = "evm"),
               @JsonSubTypes.Type(value = TransferDraft.Tron.class, name = "tron")})
public sealed interface TransferDraft {

    /** An EIP-1559 transaction's fields other than its call: the signer adds the token transfer. */
    record Evm(long chainId, BigInteger nonce, BigInteger gasLimit, BigInteger maxPriorityFeePerGas,
               BigInteger maxFeePerGas) implements TransferDraft {
        public Evm {
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(gasLimit, "gasLimit");
            Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
            Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
        }
    }

    /**
     * A Tron transaction's unsigned {@code raw_data} (protobuf, hex) as the node built it for a
     * {@code TriggerSmartContract} call: reference block and expiration included.
     */
    record Tron(String rawDataHex) implements TransferDraft {
        public Tron {
            Objects.requireNonNull(rawDataHex, "rawDataHex");
        }
    }
}
