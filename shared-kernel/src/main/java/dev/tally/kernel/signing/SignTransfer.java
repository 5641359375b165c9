package dev.tally.kernel.signing;

import java.util.Objects;

import dev.tally.kernel.money.Chain;

/**
 * Asks the signer for one attempt's signed transaction. Answered with a {@link SigningOutcome}: the signature, the
 * same one again for an attempt already signed, or the refusal (each an event).
 */
public record SignTransfer(TransferIntent intent, Chain chain, TransferDraft draft) {
    public SignTransfer {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(draft, "draft");
    }
}
