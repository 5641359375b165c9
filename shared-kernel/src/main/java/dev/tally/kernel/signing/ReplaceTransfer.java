package dev.tally.kernel.signing;

import dev.tally.kernel.money.Chain;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Asks the signer for a transaction that replaces an attempt's transaction stuck unmined (EVM): the same nonce, so
 * only one of the two can ever be mined, and higher fees ({@link TransferDraft.Evm#replaces}). Answered with a
 * {@link SigningOutcome}: the replacement (the same one again when asked again), or the refusal (each an event).
 *
 * @param replacedTxHash the transaction it replaces: the one the signer signed last for the attempt
 * @param signedOn       the day (UTC) the attempt's first transaction was signed, whose allowance holds it
 */
public record ReplaceTransfer(TransferIntent intent, Chain chain, TransferDraft.Evm draft, String replacedTxHash,
                              LocalDate signedOn) {
    public ReplaceTransfer {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(replacedTxHash, "replacedTxHash");
        Objects.requireNonNull(signedOn, "signedOn");
    }
}
