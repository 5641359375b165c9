package dev.tally.kernel.signing;

import java.util.Objects;

/**
 * What a transaction to be signed moves: one attempt of a refund or of a payout, or one of a sweep's two transactions.
 * The signer looks the intent up in the event history itself; nothing else the caller says about it is believed.
 *
 * @param id      the refund's ({@code rf_…}), payout's ({@code po_…}) or sweep's ({@code sw_…}) id
 * @param attempt the refund's attempt (1, then one more per retry); always 1 for a payout and a sweep
 */
public record TransferIntent(Kind kind, String id, int attempt) {

    /** The operations whose transactions the signer signs. */
    public enum Kind {
        /** A refund's token transfer, from the hot wallet to the customer. */
        REFUND,
        /** A payout's token transfer, from the hot wallet to the merchant's payout address. */
        PAYOUT,
        /** A sweep's token transfer, from the deposit address to the hot wallet. */
        SWEEP,
        /** The chain's coin a sweep's deposit address needs for gas, from the hot wallet to it. */
        SWEEP_GAS,
        /**
         * Tron: energy for a sweep's token transfer, delegated to its deposit address from the TRX the platform's
         * resource account staked ({@code DelegateResourceContract}).
         */
        SWEEP_ENERGY,
        /**
         * Tron: that energy taken back once the sweep is final ({@code UnDelegateResourceContract}); attempt 2 and
         * on when one before it expired unmined.
         */
        SWEEP_ENERGY_RETURN
    }

    public TransferIntent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, got " + attempt);
        }
    }

    /**
     * {@code rf_…/2}: one attempt, as transaction keys and logs name it; {@code sw_…/gas} a sweep's gas,
     * {@code sw_…/energy} its delegated energy and {@code sw_…/energy-return} that energy taken back
     * ({@code sw_…/energy-return-2} the second attempt).
     */
    public String key() {
        return id + "/" + switch (kind) {
            case SWEEP_GAS -> "gas";
            case SWEEP_ENERGY -> "energy";
            case SWEEP_ENERGY_RETURN -> attempt == 1 ? "energy-return" : "energy-return-" + attempt;
            default -> String.valueOf(attempt);
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + key();
    }
}
