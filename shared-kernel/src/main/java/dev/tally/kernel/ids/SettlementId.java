package dev.tally.kernel.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The settlement of one invoice. Derived from the invoice id ({@code stl_<invoice body>}), so that however often an
 * invoice's payment is redelivered, at most one settlement can ever be created for it.
 */
public record SettlementId(String value) {
    public static final String PREFIX = "stl_";

    public SettlementId {
        TypedId.require(PREFIX, value);
    }

    public static SettlementId forInvoice(InvoiceId invoiceId) {
        return new SettlementId(PREFIX + invoiceId.value().substring(InvoiceId.PREFIX.length()));
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
