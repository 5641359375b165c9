package dev.tally.kernel.invoice;

import dev.tally.kernel.lifecycle.Transitions;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The life of an invoice. Every allowed move is in {@link #TRANSITIONS}, the one place that says which
 * state may follow which; the aggregate checks it before applying any event. Terminal states (no move out) never
 * regress; only an invoice whose sole detected payment failed or was orphaned returns to {@code PENDING}, and an
 * expired invoice reopens ({@code CONFIRMING}) only for a payment whose block is older than its expiry, and a paid
 * or settled invoice goes back only when a reorg reverses one of its payments before the chain made it final.
 */
public enum InvoiceStatus {
    /** Awaiting payment. */
    PENDING,
    /** A payment was detected and is waiting for confirmations. */
    CONFIRMING,
    /** Confirmed payments fall short of the amount; payable until expiry. */
    UNDERPAID,
    /** Confirmed payments cover the amount. */
    PAID,
    /** Confirmed payments exceed the amount; the excess is recorded. */
    OVERPAID,
    /** Paid after expiry but inside the monitoring window: the merchant accepts or refunds. */
    PAID_LATE,
    /** The net was settled to the merchant. */
    SETTLED,
    /** Expired without (enough) payment. */
    EXPIRED,
    /** Cancelled by the merchant before any payment. */
    CANCELLED,
    PARTIALLY_REFUNDED,
    REFUNDED;

    private static final Transitions<InvoiceStatus> TRANSITIONS = Transitions.of(InvoiceStatus.class)
            .allow(PENDING, CONFIRMING, EXPIRED, CANCELLED)
            .allow(CONFIRMING, PENDING, UNDERPAID, PAID, OVERPAID, EXPIRED, PAID_LATE)
            // A reorg that reverses a confirmed payment before finality takes an invoice back to what the rest
            // justifies.
            .allow(UNDERPAID, PENDING, CONFIRMING, PAID, OVERPAID, EXPIRED)
            .allow(PAID, SETTLED, PARTIALLY_REFUNDED, REFUNDED, PENDING, CONFIRMING, UNDERPAID, EXPIRED, PAID_LATE)
            .allow(OVERPAID, SETTLED, PARTIALLY_REFUNDED, REFUNDED, PAID, PENDING, CONFIRMING, UNDERPAID, EXPIRED,
                  PAID_LATE)
            // EXPIRED → CONFIRMING: a payment in a block before expiry that the watcher saw only afterwards is on time.
            .allow(EXPIRED, CONFIRMING, PAID_LATE)
            // PAID_LATE → EXPIRED: the merchant did not accept it within the monitoring window (the money is
            // unapplied).
            .allow(PAID_LATE, SETTLED, EXPIRED, CONFIRMING, PARTIALLY_REFUNDED, REFUNDED)
            .allow(SETTLED, PARTIALLY_REFUNDED, REFUNDED, PAID, OVERPAID, PAID_LATE, PENDING, CONFIRMING, UNDERPAID,
                  EXPIRED)
            .allow(PARTIALLY_REFUNDED, REFUNDED)
            .allow(CANCELLED)
            .allow(REFUNDED)
            .build();

    public boolean canTransitionTo(InvoiceStatus next) {
        return TRANSITIONS.allows(this, next);
    }

    public Set<InvoiceStatus> allowedNext() {
        return TRANSITIONS.next(this);
    }

    /** No further state can follow. */
    public boolean isTerminal() {
        return TRANSITIONS.isTerminal(this);
    }

    public static Optional<InvoiceStatus> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(code.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
