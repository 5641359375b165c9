package dev.tally.kernel.signing;

import java.util.Objects;

/**
 * What a transaction to be signed pays out: one attempt of a refund or of a payout. The signer looks the intent up in
 * the event history itself; nothing else the caller says about it is believed.
 *
 * @param id      the refund's ({@code rf_…}) or payout's ({@code po_…}) id
 * @param attempt the refund's attempt (1, then one more per retry); always 1 for a payout
 */
public record TransferIntent(Kind kind, String id, int attempt) {

    /** The money-out operations whose transactions the signer signs. */
    public enum Kind { REFUND, PAYOUT }

    public TransferIntent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, got " + attempt);
        }
    }

    /** {@code rf_…/2}: one attempt, as transaction keys and logs name it. */
    public String key() {
        return id + "/" + attempt;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + key();
    }
}
