package dev.tally.integrations.events;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.payment.PaymentStatus;

import java.time.Instant;

/** What the integration events know of one payment of an invoice, as of the last event handled. Stored as JSON. */
final class PaymentState {
    String id;
    Chain chain;
    String txHash;
    int logIndex;
    String from;
    String to;
    long amount;
    PaymentStatus status;
    int confirmations;
    int requiredConfirmations;
    Long blockNumber;
    String blockHash;
    boolean late;
    /** The invoice counts this detection (InvoicePaymentDetected seen, not withdrawn since). */
    boolean registered;
    /** Included in a block before the invoice registered it: invoice.confirming is still to be made. */
    boolean inclusionUnannounced;
    String reason;
    /** Why the invoice does not count this confirmed payment (the merchant's unapplied funds); null while it does. */
    String unappliedReason;
    Instant detectedAt;
    Instant confirmedAt;
}
