package dev.tally.kernel.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The settlement of one invoice. Derived from the invoice id ({@code stl_<invoice body>}), so that however often an
 * invoice's payment is redelivered, at most one settlement can ever be created for it.
 */
public record SettlementId(String value) {
    public static final String PREFIX = "stl_";
    /** More rounds than any invoice can reach (each needs a reorg after confirmation). */
    public static final int ROUNDS_MAX = 1000;

    public SettlementId {
        TypedId.require(PREFIX, value);
    }

    /** The invoice's first settlement. */
    public static SettlementId forInvoice(InvoiceId invoiceId) {
        return forInvoice(invoiceId, 1);
    }

    /**
     * The invoice's settlement of round {@code round}: 1 for the first; a later round only after a reorg reversed the
     * one before and the invoice was paid again. Derived, so every request of one round targets one aggregate.
     */
    public static SettlementId forInvoice(InvoiceId invoiceId, int round) {
        if (round < 1) {
            throw new IllegalArgumentException("settlement rounds count from 1");
        }
        String body = invoiceId.value().substring(InvoiceId.PREFIX.length());
        return new SettlementId(PREFIX + body + (round == 1 ? "" : "R" + round));
    }

    /** Whether this is one of the invoice's derived settlement ids. */
    public boolean belongsTo(InvoiceId invoiceId) {
        for (int round = 1; round <= ROUNDS_MAX; round++) {
            if (forInvoice(invoiceId, round).equals(this)) {
                return true;
            }
        }
        return false;
    }

    @JsonCreator
    public static SettlementId of(String value) {
        return new SettlementId(value);
    }

    public static boolean isValid(String value) {
        return TypedId.isValid(PREFIX, value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
