package dev.tally.kernel.invoice;

/** Why money that reached an invoice's deposit address could not be applied to the invoice. */
public enum UnappliedReason {
    /** The invoice was already paid (or settled): the money came on top. */
    INVOICE_ALREADY_PAID,
    /** The invoice was cancelled before the payment. */
    INVOICE_CANCELLED,
    /** The invoice expired underpaid: what it had received cannot pay it any more. */
    INVOICE_EXPIRED_UNDERPAID,
    /** A payment after expiry that, with what was confirmed, does not cover the amount. */
    LATE_PAYMENT_SHORT,
    /** A late payment the merchant did not accept before the monitoring window ended. */
    LATE_PAYMENT_NOT_ACCEPTED
}
