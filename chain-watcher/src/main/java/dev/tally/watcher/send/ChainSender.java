package dev.tally.watcher.send;

import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalLong;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.signing.TransferDraft;

/**
 * What the live sender needs of a chain's node: the draft of the next transaction (what only the chain knows now),
 * handing signed bytes over, and where they landed. The signer fills in everything else.
 */
public interface ChainSender extends TokenBalances {
    Chain chain();

    /**
     * The draft of the next transaction from {@code from} paying {@code to} {@code amount} of the token. EVM: its
     * nonce (at least {@code minNonce}) and fees, the signer writing the call; Tron: the node's unsigned transaction of
     * that call, which the signer checks.
     */
    TransferDraft draft(String from, long minNonce, String to, TokenAmount amount);

    /**
     * Hands signed bytes to the node. A transaction it already holds, has queued or mined is no error: handing the
     * same bytes over again is how a transaction a reorg dropped is sent again.
     */
    void broadcast(String rawTransaction);

    /**
     * Why a signed transaction would fail if it were mined now (the node runs it on its pending state: the hot wallet
     * short of the token, most often), or empty when it would succeed. A transaction that would only burn its fee is
     * not handed over.
     */
    Optional<String> wouldFail(String rawTransaction);

    /** The block that holds {@code txHash} and whether it succeeded there, or empty while no block does. */
    Optional<Inclusion> inclusion(String txHash);

    /**
     * Whether the kept transaction {@code txHash} can never be mined. EVM: a transaction of {@code from} with its
     * {@code nonce} is final and no block holds this one (another took the nonce). Tron: no block holds it and the
     * final block is later than its expiration.
     */
    boolean dead(String from, long nonce, String rawTransaction, String txHash);

    /**
     * The draft of a transaction that replaces the signed {@code rawTransaction}, stuck unmined: its nonce, and fees
     * that are the higher of the chain's now and its own raised enough for a node to take the replacement
     * ({@link TransferDraft.Evm#replacedAt}). Empty where transactions are not replaced: a Tron transaction expires
     * instead, and is built anew once it provably has.
     */
    default Optional<TransferDraft.Evm> replacementDraft(String rawTransaction) {
        return Optional.empty();
    }

    /** The newest final block, when the node says. */
    OptionalLong finalizedNumber();

    /** What {@code address} holds of the chain's own coin now, in its smallest unit (wei): what pays its gas. */
    BigInteger coinBalance(String address);

    /**
     * The unsigned transfer of {@code amount} of the chain's own coin (its smallest unit) from {@code from} to
     * {@code to}: on Tron, a sweep's TRX for the energy it burns. EVM chains' coin transfers are written by the signer
     * from a fee draft instead.
     */
    default TransferDraft coinTransfer(String from, String to, BigInteger amount) {
        throw new UnsupportedOperationException(chain().code() + ": coin transfers are drafted by the signer");
    }

    /**
     * The most a transfer of the token from {@code from} costs in the chain's coin now, when the account has nothing
     * that covers it (Tron: the TRX burned for its energy).
     */
    default BigInteger tokenTransferFee(String from, String to, TokenAmount amount) {
        throw new UnsupportedOperationException(chain().code() + ": a transfer's gas comes from its fee draft");
    }

    /** A token balance in the newest final block and in the newest block. */
    record TokenBalance(BigInteger finalized, BigInteger latest) {
    }

    /** Where a transaction landed, whether it succeeded there, and what the chain charged for it. */
    record Inclusion(long blockNumber, boolean succeeded, NetworkFee fee) {
    }
}
