package dev.tally.audit.history;

import java.util.Arrays;
import java.util.Optional;

/** The aggregate types an auditor can name in a path, and the type Axon stores for each. */
public enum AggregateKind {
    INVOICES("invoices", "Invoice"),
    PAYMENTS("payments", "Payment"),
    SETTLEMENTS("settlements", "Settlement"),
    MERCHANTS("merchants", "Merchant");

    private final String path;
    private final String storedType;

    AggregateKind(String path, String storedType) {
        this.path = path;
        this.storedType = storedType;
    }

    public String path() {
        return path;
    }

    public String storedType() {
        return storedType;
    }

    public static Optional<AggregateKind> fromPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
    }
}
