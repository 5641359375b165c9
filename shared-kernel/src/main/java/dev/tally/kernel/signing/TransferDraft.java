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
        /**
         * How much more, in per cent, a replacement pays than the transaction it replaces, in both fees. Nodes take a
         * replacement of a pending transaction only when both are at least 10 % higher (geth's default price bump).
         */
        public static final int REPLACEMENT_BUMP_PERCENT = 10;

        public Evm {
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(gasLimit, "gasLimit");
            Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
            Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
        }

        /**
         * The draft of a transaction that replaces {@code this} one, stuck unmined: the same nonce, chain and gas
         * limit, and fees that are the higher of what the chain asks now ({@code now}) and this transaction's raised
         * by {@link #REPLACEMENT_BUMP_PERCENT} (rounded up), so that a node takes it in place of this one.
         */
        public Evm replacedAt(Evm now) {
            BigInteger tip = bumped(maxPriorityFeePerGas).max(now.maxPriorityFeePerGas());
            BigInteger cap = bumped(maxFeePerGas).max(now.maxFeePerGas()).max(tip);
            return new Evm(chainId, nonce, gasLimit, tip, cap);
        }

        /** Whether this draft may replace {@code previous}: its nonce, chain and gas limit, and fees bumped enough. */
        public boolean replaces(Evm previous) {
            return chainId == previous.chainId() && nonce.equals(previous.nonce())
                   && gasLimit.equals(previous.gasLimit())
                   && maxPriorityFeePerGas.compareTo(bumped(previous.maxPriorityFeePerGas())) >= 0
                   && maxFeePerGas.compareTo(bumped(previous.maxFeePerGas())) >= 0;
        }

        private static BigInteger bumped(BigInteger fee) {
            BigInteger[] scaled = fee.multiply(BigInteger.valueOf(100 + REPLACEMENT_BUMP_PERCENT))
                                     .divideAndRemainder(BigInteger.valueOf(100));
            return scaled[1].signum() == 0 ? scaled[0] : scaled[0].add(BigInteger.ONE);
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
